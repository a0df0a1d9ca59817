namespace SipGateway.Sip.Timing;

/// <summary>Runs a callback once after a delay. Transactions take this, not a concrete wheel, so tests can drive time.</summary>
public interface ITimerScheduler
{
    /// <summary>The time the timers run on.</summary>
    TimeProvider Time { get; }

    /// <summary>Schedules <paramref name="callback"/> to run once, no earlier than <paramref name="delay"/> from now.</summary>
    TimerHandle Schedule(TimeSpan delay, Action callback);
}
