namespace SipGateway.Routing;

public sealed class DevicePoolOptions
{
    /// <summary>The route group that <c>Standard Local Route Group</c> resolves to for callers in this pool.</summary>
    public string? LocalRouteGroup { get; set; }
}
