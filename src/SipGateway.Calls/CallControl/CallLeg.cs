using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>One side of an anchored call: its dialog and the gateway's RTP leg facing that peer.</summary>
public sealed class CallLeg
{
    public CallLeg(Call call, bool inbound, RtpLeg media)
    {
        Call = call;
        IsInbound = inbound;
        Media = media;
    }

    /// <summary>The call this leg belongs to (a transfer moves a leg into another call).</summary>
    public Call Call { get; internal set; }
    public bool IsInbound { get; }
    public Dialog? Dialog { get; set; }
    public RtpLeg Media { get; }
    /// <summary>What we last sent this peer (re-sent, with a higher version, on a re-INVITE refresh).</summary>
    public SdpSessionDescription? LocalSdp { get; set; }
    public SdpSessionDescription? RemoteSdp { get; set; }
    public string? Peer { get; set; }
    /// <summary>Who is on this leg: a device name or a trunk name (a transfer from this leg is analysed as theirs).</summary>
    public string? Device { get; set; }
    public string? Trunk { get; set; }
    /// <summary>The audio codec this leg's peer negotiated (legs may differ when the relay transcodes).</summary>
    public SdpCodec? Codec { get; set; }
    /// <summary>This leg's peer put the call on hold (its last offer was sendonly, inactive or c=0.0.0.0).</summary>
    public bool HeldByPeer { get; set; }
    /// <summary>RFC 4028 state of this leg, when a session timer was negotiated.</summary>
    internal SessionTimer? SessionTimer { get; set; }
    /// <summary>The peer listed UPDATE in its Allow header (refreshes then need no offer/answer).</summary>
    public bool PeerAllowsUpdate { get; set; }

    /// <summary>Whether <paramref name="message"/>'s Allow header lists UPDATE (RFC 3311 §5.1: then a peer accepts it).</summary>
    internal static bool AllowsUpdate(SipMessage message) =>
        message.Headers.GetValues(HeaderId.Allow).Any(m => m.Equals(SipMethods.Update, StringComparison.OrdinalIgnoreCase));
    /// <summary>A re-INVITE of ours is outstanding: an incoming one meanwhile is glare (491, RFC 3261 §14.2).</summary>
    internal bool ReInvitePending { get; set; }
    /// <summary>Digits received on this leg's RTP are already reported to the B2BUA.</summary>
    internal bool DtmfHooked { get; private set; }

    /// <summary>True the first time only: the leg's digits are then to be hooked (once, whatever relays it later).</summary>
    internal bool HookDtmf()
    {
        if (DtmfHooked) return false;
        DtmfHooked = true;
        return true;
    }
}
