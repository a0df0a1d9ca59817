using SipGateway.Sip.Message;

namespace SipGateway.Sip.Dialogs;

/// <summary>
/// A dialog's route set (RFC 3261 §12.1.1, §12.1.2) and how it shapes requests (§12.2.1.1): loose routing when the
/// first route carries <c>lr</c>, the RFC 2543 strict-routing form otherwise.
/// </summary>
public sealed class RouteSet
{
    public static RouteSet Empty { get; } = new([]);

    public RouteSet(IReadOnlyList<NameAddress> routes) => Routes = routes;

    public IReadOnlyList<NameAddress> Routes { get; }

    public bool IsEmpty => Routes.Count == 0;

    /// <summary>True when the first hop is a strict router (no <c>lr</c> parameter).</summary>
    public bool IsStrict => Routes.Count > 0 && !Routes[0].Uri.Parameters.Has("lr");

    /// <summary>
    /// The route set from a message's Record-Route: in order at the UAS (§12.1.1), reversed at the UAC (§12.1.2).
    /// Values that do not parse are skipped rather than failing the dialog.
    /// </summary>
    public static RouteSet FromRecordRoute(SipMessage message, bool reverse)
    {
        var routes = new List<NameAddress>();
        foreach (var value in message.Headers.GetValues(HeaderId.RecordRoute))
            if (NameAddress.TryParse(value, out var address)) routes.Add(address);
        if (reverse) routes.Reverse();
        return routes.Count == 0 ? Empty : new RouteSet(routes);
    }

    /// <summary>
    /// The Request-URI and Route headers of a request to <paramref name="remoteTarget"/> (§12.2.1.1). Loose (or no)
    /// routes: the target is the Request-URI and the routes go in Route. Strict: the first route becomes the
    /// Request-URI, minus what a Request-URI may not carry, and the target goes last in Route.
    /// </summary>
    public (SipUri RequestUri, IReadOnlyList<NameAddress> RouteHeaders) Resolve(SipUri remoteTarget)
    {
        if (Routes.Count == 0) return (remoteTarget.Clone(), []);
        if (!IsStrict) return (remoteTarget.Clone(), Routes);
        var requestUri = Routes[0].Uri.Clone();
        requestUri.Parameters.Remove("method"); // §19.1.1 Table 1: not allowed in a Request-URI.
        requestUri.Headers = null;
        var headers = new List<NameAddress>(Routes.Count);
        for (int i = 1; i < Routes.Count; i++) headers.Add(Routes[i]);
        headers.Add(new NameAddress(remoteTarget.Clone()));
        return (requestUri, headers);
    }

    /// <summary>The URI the request goes to next: the first route, else the remote target (§8.1.2).</summary>
    public SipUri NextHop(SipUri remoteTarget) => Routes.Count > 0 ? Routes[0].Uri : remoteTarget;

    public override string ToString() => string.Join(", ", Routes);
}
