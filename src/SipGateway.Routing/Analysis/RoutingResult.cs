namespace SipGateway.Routing;

public enum RoutingResult
{
    /// <summary>A route pattern matched: try <see cref="RoutingDecision.Members"/> in order.</summary>
    Route,
    /// <summary>A blocking pattern matched (403 at the SIP edge).</summary>
    Block,
    /// <summary>A directory number matched: ring its devices.</summary>
    DirectoryNumber,
    /// <summary>Nothing reachable matched (404).</summary>
    Unallocated,
    /// <summary>Analysis could not finish: invalid digits, or a translation loop.</summary>
    Error,
}
