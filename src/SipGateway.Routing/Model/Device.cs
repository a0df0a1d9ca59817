namespace SipGateway.Routing;

public sealed class Device
{
    internal Device(string name, DevicePool? devicePool, CallingSearchSpace? css, IReadOnlyList<DeviceLine> lines)
    {
        Name = name;
        DevicePool = devicePool;
        Css = css;
        Lines = lines;
    }

    public string Name { get; }

    public DevicePool? DevicePool { get; }

    public CallingSearchSpace? Css { get; }

    public IReadOnlyList<DeviceLine> Lines { get; }
}
