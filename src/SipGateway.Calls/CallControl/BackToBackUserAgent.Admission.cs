using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent
{
    private long _overloadRejections;

    public int MaxCalls => _options.MaxCalls;

    /// <summary>New calls refused with 503 because <see cref="CallControlOptions.MaxCalls"/> calls were up.</summary>
    public long OverloadRejections => Interlocked.Read(ref _overloadRejections);

    /// <summary>
    /// Admission control, as Asterisk's <c>maxcalls</c> and FreeSWITCH's <c>max-sessions</c>: beyond the limit a new INVITE
    /// gets 503 with Retry-After (RFC 3261 §21.5.4) before it takes anything. Each anchored call holds four sockets, so
    /// without a limit an overload ends with the process out of file descriptors (and the runtime unable to map code).
    /// </summary>
    private bool Admit(ServerTransaction tx)
    {
        if (_calls.Count < _options.MaxCalls) return true;
        Interlocked.Increment(ref _overloadRejections);
        var response = tx.CreateResponse(503, $"Service Unavailable (limit of {_options.MaxCalls} calls reached)");
        response.Headers.Add(HeaderId.RetryAfter, "5");
        tx.SendResponse(response);
        return false;
    }
}
