namespace SipGateway.Media.Relay;

/// <summary>
/// Relays RTP between the two legs of an anchored call. To play an announcement or tone to one side,
/// <see cref="Hold"/> the direction feeding it, start a paced stream with that leg as sink, then
/// <see cref="Resume"/>; the leg's rewriter keeps the stream continuous across the switches.
/// Disposing tears the session down: both legs stop and their ports return to the allocator.
/// </summary>
public sealed class RtpRelay : IDisposable
{
    public RtpRelay(RtpLeg a, RtpLeg b)
    {
        A = a;
        B = b;
        a.Forward = b;
        b.Forward = a;
    }

    public RtpLeg A { get; }
    public RtpLeg B { get; }

    public void Start(TimeSpan? rtcpInterval = null)
    {
        A.Start(rtcpInterval);
        B.Start(rtcpInterval);
    }

    /// <summary>Stops relaying audio toward <paramref name="listener"/> (what the other leg sends is dropped).</summary>
    public void Hold(RtpLeg listener) => Other(listener).Forward = null;

    /// <summary>Resumes relaying toward <paramref name="listener"/>.</summary>
    public void Resume(RtpLeg listener) => Other(listener).Forward = listener;

    private RtpLeg Other(RtpLeg leg) => ReferenceEquals(leg, A) ? B : ReferenceEquals(leg, B) ? A
        : throw new ArgumentException("the leg is not part of this relay", nameof(leg));

    public void Dispose()
    {
        A.Forward = null;
        B.Forward = null;
        A.Dispose();
        B.Dispose();
    }
}
