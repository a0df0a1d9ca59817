namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary><see cref="TimeProvider.System"/>, as the host passes it, read as the time since this reading began.</summary>
public sealed class RealClock
{
    private readonly long _origin = TimeProvider.System.GetTimestamp();

    public TimeProvider Time => TimeProvider.System;

    public TimeSpan Now => Time.GetElapsedTime(_origin);
}
