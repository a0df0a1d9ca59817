namespace SipGateway.Routing;

public enum RouteGroupDistribution
{
    /// <summary>Always try members in configured order.</summary>
    TopDown,
    /// <summary>Start each call one member further along than the previous call (UCM circular distribution).</summary>
    Circular,
}
