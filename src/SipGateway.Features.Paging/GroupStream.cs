using System.Net;
using SipGateway.Media.Multicast;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Features.Paging;

/// <summary>
/// One recipient group's page audio: a single G.711 mu-law RTP stream, 20 ms ptime, one SSRC with continuous sequence
/// numbers and timestamps (the pacer numbers it), sent to the group's multicast address and to any phone that gets
/// the page as unicast RTP (a group without a multicast address serves only those). Nothing is sent before <see cref="Start"/> (after the go-ahead tone).
/// </summary>
internal sealed class GroupStream : IRtpSink, IDisposable
{
    private readonly MulticastOptions _multicast;
    private readonly List<IRtpSink> _unicast = [];
    private MulticastSender? _sender;
    private PacedStream? _stream;

    public GroupStream(RecipientGroup group, MulticastOptions multicast)
    {
        Group = group;
        _multicast = multicast;
    }

    public RecipientGroup Group { get; }
    public CallerAudioBuffer Audio { get; } = new();
    public long PacketsSent => _stream?.PacketsSent ?? 0;
    public IPEndPoint? Multicast => Group.Multicast;

    /// <summary>Adds a phone that receives the page as unicast RTP (a SIP phone that cannot join multicast).</summary>
    public void AddUnicast(IRtpSink sink)
    {
        lock (_unicast) _unicast.Add(sink);
    }

    public void Start(PacedSender pacer)
    {
        if (Group.Multicast is { } group) _sender = new MulticastSender(group, _multicast);
        _stream = pacer.Start(Audio, this, new PacedStreamOptions { PayloadType = RtpPayloadTypes.Pcmu, PtimeMs = 20 });
    }

    /// <summary>Each frame goes to the group, then a copy to each unicast phone (each sink rewrites its own copy).</summary>
    public void Send(Span<byte> datagram)
    {
        IRtpSink[] unicast;
        lock (_unicast) unicast = _unicast.Count == 0 ? [] : [.. _unicast];
        if (unicast.Length > 0)
        {
            Span<byte> copy = stackalloc byte[datagram.Length];
            foreach (var sink in unicast)
            {
                datagram.CopyTo(copy);
                sink.Send(copy);
            }
        }
        _sender?.Send(datagram);
    }

    public void Stop()
    {
        Audio.Close();
        _stream?.Stop();
    }

    public void Dispose()
    {
        Stop();
        var done = _stream?.Completion ?? Task.CompletedTask;
        var sender = _sender;
        // The socket closes once the pacer dropped the stream, so no frame is sent on a closed socket.
        done.ContinueWith(_ => sender?.Dispose(), TaskScheduler.Default);
    }
}
