using SipGateway.Sip.Parsing;
using SipGateway.Sip.Security;

namespace SipGateway.Sip.Transport;

/// <summary>Where the stack listens and how it guards itself against slow or hostile peers.</summary>
public sealed record SipTransportOptions
{
    /// <summary>Listening address; UDP and TCP share it and the port (RFC 3261 §18: both MUST be supported).</summary>
    public string Address { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests); UDP and TCP then get the same number.</summary>
    public int Port { get; init; } = 5060;

    /// <summary>An address to put in Via/Contact instead of the listening one (NAT; DESIGN "public address").</summary>
    public string? PublicAddress { get; init; }

    /// <summary>Answer every UDP request at its source address and port, as if it carried rport (RFC 3581; NAT-friendly).</summary>
    public bool ForceRport { get; init; } = true;

    public SipParserLimits Limits { get; init; } = SipParserLimits.Default;

    /// <summary>A TCP peer that starts a message and does not finish it within this time is disconnected (RFC 4475 §3.1.2.2).
    /// The deadline runs from the message's first byte: more bytes do not extend it (a peer trickling one byte every
    /// 2 s once held a connection for 200 s).</summary>
    public TimeSpan TcpIncompleteMessageTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A TCP connection with no traffic at all for this long is closed (phones keep theirs alive with CRLF pings).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(15);

    public int MaxTcpConnections { get; init; } = 4096;

    /// <summary>Accepted TCP connections one source address may hold at once, so one address cannot take the whole
    /// <see cref="MaxTcpConnections"/> from everyone else (Security:Tcp:MaxConnectionsPerSource). 0: no limit.</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 32;

    /// <summary>Sources the per-source limit does not apply to: trunks and Security:TrustedSources.</summary>
    public SourceAddressSet TcpLimitExempt { get; init; } = SourceAddressSet.Empty;

    /// <summary>An accepted TCP connection whose first complete message has not arrived this long after the accept is
    /// closed (Security:Tcp:FirstMessageSeconds): a connection that never speaks holds a slot for nothing.</summary>
    public TimeSpan TcpFirstMessageTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan TcpConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Threads receiving (and processing) UDP datagrams from the one socket, as Kamailio's UDP children do.
    /// With more than one, datagrams of one Call-ID are still processed in arrival order (<see cref="CallIdOrdering"/>)
    /// while different calls run in parallel.</summary>
    public int UdpReceiveThreads { get; init; } = 1;
}
