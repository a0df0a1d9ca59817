namespace SipGateway.Sip.Transport;

/// <summary>What the transports saw, for health checks and tests. Updated with Interlocked.</summary>
public sealed class SipTransportCounters
{
    internal long received, delivered, answeredStatelessly, dropped, sendFailures, tcpAccepted, tcpClosedStalled, tcpRefusedPerSource;

    public long Received => Interlocked.Read(ref received);
    public long Delivered => Interlocked.Read(ref delivered);
    public long AnsweredStatelessly => Interlocked.Read(ref answeredStatelessly);
    public long Dropped => Interlocked.Read(ref dropped);
    public long SendFailures => Interlocked.Read(ref sendFailures);
    public long TcpAccepted => Interlocked.Read(ref tcpAccepted);
    public long TcpClosedStalled => Interlocked.Read(ref tcpClosedStalled);
    /// <summary>Accepted TCP connections closed at once because their source already held its limit.</summary>
    public long TcpRefusedPerSource => Interlocked.Read(ref tcpRefusedPerSource);
}
