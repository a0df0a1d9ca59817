using Microsoft.Extensions.Logging;

namespace SipGateway.Calls.CallControl;

/// <summary>The <see cref="ICallEvents"/> consumers of one B2BUA, told in registration order; a consumer's fault is logged, never the call's end.</summary>
internal sealed class CallEventSubscribers
{
    private readonly object _gate = new();
    private readonly ILogger _log;
    /// <summary>Replaced whole on registration: calls read it without a lock.</summary>
    private volatile ICallEvents[] _subscribers = [];

    public CallEventSubscribers(ILogger log) => _log = log;

    public void Add(ICallEvents subscriber)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        lock (_gate) _subscribers = [.. _subscribers, subscriber];
    }

    public void Offered(Call call) => Notify(call, false, static (s, c, _) => s.Offered(c));
    public void Alerting(Call call) => Notify(call, false, static (s, c, _) => s.Alerting(c));
    public void Answered(Call call) => Notify(call, false, static (s, c, _) => s.Answered(c));
    public void Deflected(Call call) => Notify(call, false, static (s, c, _) => s.Deflected(c));
    public void Held(Call call, bool held) => Notify(call, held, static (s, c, h) => s.Held(c, h));
    public void Transferred(Call call) => Notify(call, false, static (s, c, _) => s.Transferred(c));
    public void Ended(Call call) => Notify(call, false, static (s, c, _) => s.Ended(c));

    /// <summary>Tells each consumer in turn; static lambdas, so an event costs no allocation.</summary>
    private void Notify(Call call, bool flag, Action<ICallEvents, Call, bool> tell)
    {
        foreach (var s in _subscribers)
            try { tell(s, call, flag); } catch (Exception ex) { Failed(ex, s, call); }
    }

    private void Failed(Exception ex, ICallEvents subscriber, Call call) => _log.CallEventsConsumerFailed(ex, subscriber.GetType().Name, call.Id);
}
