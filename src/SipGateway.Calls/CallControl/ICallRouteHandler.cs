using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A plug-in consulted after digit analysis, before the call's targets are resolved, as a pjsip module's
/// <c>on_rx_request</c>: handlers are asked in the order the host registered them, and the first one that takes the call
/// ends the consultation. Call control names no handler. A handler that throws ends the call by the teardown rule
/// (the caller gets 500, the CDR the cause).
/// </summary>
public interface ICallRouteHandler
{
    /// <summary>What this handler does with <paramref name="call"/>: <see cref="CallRouteResult.NotHandled"/> to let routing
    /// go on, <see cref="CallRouteResult.Reject"/> to refuse it, <see cref="CallRouteResult.Answer"/> to have the gateway
    /// answer the caller itself for the handler's <see cref="ILocalCallee"/> (a bridge, a page, a leg to join).</summary>
    CallRouteResult TryHandle(Call call, RoutingDecision decision);
}
