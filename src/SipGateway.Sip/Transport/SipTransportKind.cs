namespace SipGateway.Sip.Transport;

public enum SipTransportKind { Udp, Tcp }

public static class SipTransportKindExtensions
{
    /// <summary>Reliable transports get no retransmissions (RFC 3261 §17.1.1.2, §17.1.2.2).</summary>
    public static bool IsReliable(this SipTransportKind kind) => kind != SipTransportKind.Udp;

    public static string ViaName(this SipTransportKind kind) => kind == SipTransportKind.Udp ? "UDP" : "TCP";
}
