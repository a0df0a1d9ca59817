using System.Net;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    /// <summary>What GET /api/calls shows: every active call.</summary>
    public IReadOnlyList<ActiveCallView> Snapshot() => _calls.Values.Select(ActiveCallView.Of).ToList();

    private SipUri LocalContact(SipTransportKind transport)
    {
        var local = _layer.Sender.LocalEndPoint(transport).Address;
        var uri = SipUri.Sip("gw", local.Address.ToString(), local.Port);
        if (transport == SipTransportKind.Tcp) uri.Parameters.Set("transport", "tcp");
        return uri;
    }

    private static IPEndPoint MediaEndPoint(SdpSessionDescription sdp)
    {
        var audio = sdp.FirstAudio ?? sdp.Media.First();
        var address = sdp.ConnectionFor(audio)?.Address ?? "0.0.0.0";
        return new IPEndPoint(IPAddress.TryParse(address, out var ip) ? ip : IPAddress.Any, audio.Port);
    }

    private ulong NextSdpSession() => (ulong)Interlocked.Increment(ref _sdpSession);
}
