namespace SipGateway.Sip.Timing;

/// <summary>
/// Time that only moves forward, measured from an arbitrary origin. Wall-clock changes (NTP steps, DST) must never
/// shorten or stretch a SIP timer, so transaction timers read this instead of DateTime.
/// </summary>
public interface IMonotonicClock
{
    TimeSpan Now { get; }
}
