using SipGateway.Media.Relay;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A call the gateway answered itself for an <see cref="ILocalCallee"/>: who called and what, the answered RTP leg
/// facing the caller and its codec, and the way for the callee to end the call.
/// </summary>
public sealed class LocallyAnsweredCall
{
    private readonly CallLeg _leg;
    private readonly CallTeardown _teardown;

    internal LocallyAnsweredCall(Call call, CallLeg leg, CallTeardown teardown)
    {
        Call = call;
        _leg = leg;
        _teardown = teardown;
        Codec = leg.Codec ?? SdpCodec.Pcmu;
    }

    public Call Call { get; }
    public string CallId => Call.Id;

    /// <summary>The number the caller reached (after digit analysis, or the local answer's own).</summary>
    public string CalledNumber => Call.CalledFinal ?? Call.CalledOriginal;

    /// <summary>The caller's number as presented (after transformations), else its identity.</summary>
    public string CallingNumber => Call.CallingFinal ?? Call.CallingOriginal ?? Call.Caller.ToString();

    /// <summary>Who the caller is, for lists and logs: its device, else its trunk, else its address, else the call id.</summary>
    public string CallerName => _leg.Device ?? _leg.Trunk ?? _leg.Peer ?? Call.Id;

    /// <summary>The gateway's RTP leg facing the caller, running: its audio payload type set to <see cref="Codec"/>'s.
    /// With a delayed offer, where it sends is known once the caller's ACK is in (until then nothing leaves).</summary>
    public RtpLeg Media => _leg.Media;

    /// <summary>The negotiated audio codec (one of the local answer's codecs).</summary>
    public SdpCodec Codec { get; }

    /// <summary>The RTP payload type of <see cref="Codec"/> on the wire (0 PCMU, 8 PCMA).</summary>
    public int PayloadType => CodecChoice.PayloadType(Codec);

    /// <summary>
    /// Ends the call from the callee's side: the caller gets a BYE with <c>Reason: SIP;cause=code</c> (RFC 3326), the
    /// CDR the cause, and <see cref="ILocalCallee.Ended"/> follows. <paramref name="code"/> 200 is a normal clearing;
    /// 300-699 a failure ("486 Busy Here (conference full)"). False when the call had ended already.
    /// </summary>
    public bool Hangup(int code, string reason)
    {
        if (code != 200 && code is < 300 or > 699) throw new ArgumentOutOfRangeException(nameof(code), code, "a hang-up cause is 200 or a failure status (300-699)");
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (code == 200) return _teardown.Disconnect(Call, reason);
        if (Call.IsEnded) return false;
        _teardown.Hangup(Call, from: null, code, reason);
        return true;
    }
}
