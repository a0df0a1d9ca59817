namespace SipGateway.Sip.Timing;

/// <summary>
/// Reads a <see cref="TimeProvider"/>'s monotonic timestamp as a <see cref="TimeSpan"/>. Nonce and binding expiry
/// use it, not <see cref="TimeProvider.GetUtcNow"/>: a wall-clock step (NTP, an operator) must neither expire nor
/// revive them.
/// </summary>
public static class MonotonicTime
{
    /// <summary>Time since the provider's timestamp origin; only differences are meaningful.</summary>
    public static TimeSpan GetMonotonicTime(this TimeProvider time) => time.GetElapsedTime(0);
}
