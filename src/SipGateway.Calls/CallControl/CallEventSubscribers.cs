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

    public void Offered(Call call)
    {
        foreach (var s in _subscribers)
            try { s.Offered(call); } catch (Exception ex) { Failed(ex, s, call); }
    }

    public void Alerting(Call call)
    {
        foreach (var s in _subscribers)
            try { s.Alerting(call); } catch (Exception ex) { Failed(ex, s, call); }
    }

    public void Answered(Call call)
    {
        foreach (var s in _subscribers)
            try { s.Answered(call); } catch (Exception ex) { Failed(ex, s, call); }
    }

    public void Held(Call call, bool held)
    {
        foreach (var s in _subscribers)
            try { s.Held(call, held); } catch (Exception ex) { Failed(ex, s, call); }
    }

    public void Transferred(Call call)
    {
        foreach (var s in _subscribers)
            try { s.Transferred(call); } catch (Exception ex) { Failed(ex, s, call); }
    }

    public void Ended(Call call)
    {
        foreach (var s in _subscribers)
            try { s.Ended(call); } catch (Exception ex) { Failed(ex, s, call); }
    }

    private void Failed(Exception ex, ICallEvents subscriber, Call call) => _log.CallEventsConsumerFailed(ex, subscriber.GetType().Name, call.Id);
}
