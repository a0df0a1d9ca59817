using Microsoft.Extensions.Logging;
using SipGateway.Storage;

namespace SipGateway.Calls.CallControl;

/// <summary>Writes one CDR per call when it ends: a consumer of <see cref="ICallEvents"/> like any other.</summary>
internal sealed class CdrRecorder : ICallEvents
{
    private readonly ICdrStore _cdrs;
    private readonly TimeProvider _time;
    private readonly ILogger _log;

    public CdrRecorder(ICdrStore cdrs, TimeProvider time, ILogger log)
    {
        (_cdrs, _time, _log) = (cdrs, time, log);
        cdrs.WriteFailed += (ex, count) => log.CdrWriteFailed(ex, count);
    }

    public void Ended(Call call)
    {
        var cdr = new CallDetailRecord
        {
            CallId = call.Id, CallingOriginal = call.CallingOriginal ?? call.Caller.Device, CallingFinal = call.CallingFinal,
            CalledOriginal = call.CalledOriginal, CalledFinal = call.CalledFinal, Pattern = call.Pattern, Partition = call.Partition,
            RouteMember = call.RouteMember, InboundLeg = call.Inbound?.Peer ?? call.InboundInvite.Remote.ToString(), OutboundLeg = call.Outbound?.Peer,
            StartUtc = call.StartUtc, AnswerUtc = call.AnswerUtc, EndUtc = call.EndUtc ?? _time.GetUtcNow(),
            CauseCode = call.CauseCode, CauseText = call.CauseText,
        };
        // Batched by the store's writer thread: SQLite I/O stays off the SIP threads, one commit per batch.
        try { _cdrs.Enqueue(cdr); }
        catch (ObjectDisposedException) { _log.CdrNotWritten(cdr.CallId); }
    }
}
