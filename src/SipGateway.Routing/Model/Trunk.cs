namespace SipGateway.Routing;

public sealed class Trunk
{
    internal Trunk(string name, DevicePool? devicePool, CallingSearchSpace? inboundCss)
    {
        Name = name;
        DevicePool = devicePool;
        InboundCss = inboundCss;
    }

    public string Name { get; }

    public DevicePool? DevicePool { get; }

    public CallingSearchSpace? InboundCss { get; }
}
