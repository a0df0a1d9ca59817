using System.Collections.Concurrent;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Admission control, as Asterisk's <c>maxcalls</c> and FreeSWITCH's <c>max-sessions</c>: beyond
/// <see cref="CallControlOptions.MaxCalls"/> a new INVITE gets 503 with Retry-After (RFC 3261 §21.5.4) before it takes
/// anything. Each anchored call holds four sockets, so without a limit an overload ends with the process out of file
/// descriptors (and the runtime unable to map code).
/// </summary>
internal sealed class CallAdmission
{
    private readonly ConcurrentDictionary<string, Call> _calls;
    private readonly CallControlOptions _options;
    private long _rejections;

    public CallAdmission(ConcurrentDictionary<string, Call> calls, CallControlOptions options)
    {
        _calls = calls;
        _options = options;
    }

    /// <summary>New calls refused with 503 because the limit was reached.</summary>
    public long Rejections => Interlocked.Read(ref _rejections);

    /// <summary>True when the call may proceed; otherwise the INVITE has been answered 503.</summary>
    public bool Admit(ServerTransaction tx)
    {
        if (_calls.Count < _options.MaxCalls) return true;
        Interlocked.Increment(ref _rejections);
        var response = tx.CreateResponse(503, $"Service Unavailable (limit of {_options.MaxCalls} calls reached)");
        response.Headers.Add(HeaderId.RetryAfter, "5");
        tx.SendResponse(response);
        return false;
    }
}
