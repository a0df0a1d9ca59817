namespace SipGateway.Routing;

public sealed class RouteGroupOptions
{
    /// <summary><c>TopDown</c> (default) or <c>Circular</c>.</summary>
    public string? Distribution { get; set; }

    /// <summary>Trunk names, in order.</summary>
    public List<string> Members { get; set; } = new();
}
