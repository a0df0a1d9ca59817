using SipGateway.Media.Codecs;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Features.Paging;

/// <summary>
/// Sits where the caller's RTP leg forwards received packets: decodes each mu-law packet and hands the audio to every
/// group stream of the page. Telephone events and other payload types are not paged.
/// </summary>
internal sealed class CallerVoiceTap(IReadOnlyList<CallerAudioBuffer> buffers) : IRtpSink
{
    public void Send(Span<byte> datagram)
    {
        if (!RtpPacket.TryParse(datagram, out var packet) || packet.PayloadType != RtpPayloadTypes.Pcmu) return;
        Span<short> pcm = stackalloc short[Math.Min(packet.PayloadLength, 1600)];
        MuLaw.Decode(datagram.Slice(packet.PayloadOffset, pcm.Length), pcm);
        foreach (var buffer in buffers) buffer.Write(pcm);
    }
}
