using SipGateway.Media.Relay;
using SipGateway.Sip.Dialogs;
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

    public Call Call { get; }
    public bool IsInbound { get; }
    public Dialog? Dialog { get; set; }
    public RtpLeg Media { get; }
    /// <summary>What we last sent this peer (re-sent, with a higher version, on a re-INVITE refresh).</summary>
    public SdpSessionDescription? LocalSdp { get; set; }
    public SdpSessionDescription? RemoteSdp { get; set; }
    public string? Peer { get; set; }
}
