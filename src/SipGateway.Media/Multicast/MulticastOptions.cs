namespace SipGateway.Media.Multicast;

/// <summary>Multicast sending settings (Media:Multicast).</summary>
public sealed class MulticastOptions
{
    /// <summary>IP TTL of multicast packets; 1 keeps them on the local subnet (RFC 1112 §6.1).</summary>
    public int Ttl { get; set; } = 1;

    /// <summary>Address of the outgoing interface (IP_MULTICAST_IF).</summary>
    public string Interface { get; set; } = "127.0.0.1";

    /// <summary>Deliver to receivers on this host too (IP_MULTICAST_LOOP).</summary>
    public bool Loopback { get; set; } = true;
}
