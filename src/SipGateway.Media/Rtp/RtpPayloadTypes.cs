namespace SipGateway.Media.Rtp;

/// <summary>Payload type numbers the gateway uses (RFC 3551 Table 4; telephone-event is dynamic, RFC 4733 §7).</summary>
public static class RtpPayloadTypes
{
    public const int Pcmu = 0;
    public const int Pcma = 8;
    /// <summary>Conventional dynamic number for telephone-event; the SDP offer decides the real one.</summary>
    public const int DefaultTelephoneEvent = 101;
}
