namespace SipGateway.Configuration;

/// <summary>The "Sip" section: where the SIP stack listens and its RFC 3261 timer values.</summary>
public sealed class SipOptions
{
    public string Address { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 5060;
    public string Domain { get; set; } = "sipgw.local";
    /// <summary>Address written into Via/Contact/SDP when the gateway sits behind NAT.</summary>
    public string? PublicAddress { get; set; }
    public int T1Milliseconds { get; set; } = 500;
    public int T2Milliseconds { get; set; } = 4000;
    public int T4Milliseconds { get; set; } = 5000;
    /// <summary>SipTimerSettings.AcceptedAfterAck: an ACKed INVITE server transaction lingers this long, not all of Timer L (0 = all).</summary>
    public int AcceptedAfterAckMilliseconds { get; set; } = 5000;
    public int TcpIncompleteMessageTimeoutSeconds { get; set; } = 10;
    public int TcpIdleTimeoutSeconds { get; set; } = 900;
    /// <summary>Threads receiving UDP on the SIP socket (SipTransportOptions.UdpReceiveThreads): by default one per
    /// core, at most 4, with each Call-ID's datagrams still handled in arrival order (CallIdOrdering). One thread
    /// stopped at ~2,700 calls/s on a 2-core box (bench/SipGateway.Calls.Bench); two sustained 3,250-4,000.</summary>
    public int UdpReceiveThreads { get; set; } = DefaultUdpReceiveThreads;

    public static int DefaultUdpReceiveThreads => Math.Clamp(Environment.ProcessorCount, 1, 4);
    public int MaxMessageBytes { get; set; } = 65536;
    public string UserAgent { get; set; } = "SipGateway";
}
