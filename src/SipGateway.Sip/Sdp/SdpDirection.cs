namespace SipGateway.Sip.Sdp;

/// <summary>Media direction attributes (RFC 3264 §5.1, §6.1); sendrecv when none is given.</summary>
public enum SdpDirection { SendRecv, SendOnly, RecvOnly, Inactive }

public static class SdpDirections
{
    public static string Name(this SdpDirection d) => d switch
    {
        SdpDirection.SendOnly => "sendonly",
        SdpDirection.RecvOnly => "recvonly",
        SdpDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    public static SdpDirection? Parse(string name) => name switch
    {
        "sendrecv" => SdpDirection.SendRecv,
        "sendonly" => SdpDirection.SendOnly,
        "recvonly" => SdpDirection.RecvOnly,
        "inactive" => SdpDirection.Inactive,
        _ => null,
    };

    /// <summary>The answerer's direction for an offered one (RFC 3264 §6.1): sendonly is answered recvonly and so on.</summary>
    public static SdpDirection Reverse(this SdpDirection offered) => offered switch
    {
        SdpDirection.SendOnly => SdpDirection.RecvOnly,
        SdpDirection.RecvOnly => SdpDirection.SendOnly,
        var d => d,
    };
}
