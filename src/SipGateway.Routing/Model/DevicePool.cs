namespace SipGateway.Routing;

public sealed class DevicePool
{
    internal DevicePool(string name, RouteGroup? localRouteGroup)
    {
        Name = name;
        LocalRouteGroup = localRouteGroup;
    }

    public string Name { get; }

    /// <summary>What <c>Standard Local Route Group</c> means for callers in this pool; null skips it.</summary>
    public RouteGroup? LocalRouteGroup { get; }
}
