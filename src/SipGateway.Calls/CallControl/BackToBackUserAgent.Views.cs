using System.Net;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    public IReadOnlyList<ActiveCallView> Snapshot() => _calls.Values.Select(c => new ActiveCallView(
        c.Id, CallStateTransitions.ViewName(c.State), c.Caller.ToString(), c.CallingFinal ?? c.CallingOriginal, c.CalledOriginal, c.CalledFinal, c.RouteMember,
        c.StartUtc, c.AnswerUtc,
        new[] { c.Inbound, c.Outbound }.Where(l => l is not null).Select(l => new ActiveLegView(
            l!.IsInbound ? "inbound" : "outbound", l.Peer, l.Dialog?.CallId, (l.Codec ?? c.Codec)?.Name, l.Media.LocalPort, l.Media.Remote?.ToString(),
            l.Media.PacketsReceived, l.Media.PacketsSent,
            // "held": this leg's peer holds the call; "on-hold": the other side holds it (this peer hears music on hold).
            l.HeldByPeer ? "held" : OtherLeg(c, l)?.HeldByPeer == true ? "on-hold" : c.IsAnswered ? "active" : "early",
            l.Device ?? l.Trunk, l.SessionTimer is { } st ? $"{(int)st.Interval.TotalSeconds};refresher={(st.WeRefresh ? "gateway" : "peer")}" : null))
            .ToList(), [.. c.Forwards])).ToList();

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
