using SipGateway.Hosting;

namespace SipGateway.Http;

/// <summary>The HTTP surface of DESIGN.md: health and the registrar's bindings.</summary>
public static class GatewayEndpoints
{
    public static void MapGatewayEndpoints(this WebApplication app)
    {
        app.MapGet("/health", (SipStack sip) => Results.Json(new
        {
            status = sip.IsRunning ? "ok" : "starting",
            sip = new
            {
                address = sip.Listener.BoundEndPoint.Address.ToString(),
                port = sip.Listener.BoundEndPoint.Port,
                transports = new[] { "udp", "tcp" },
                received = sip.Listener.Counters.Received,
                answeredStatelessly = sip.Listener.Counters.AnsweredStatelessly,
                dropped = sip.Listener.Counters.Dropped,
                tcpConnections = sip.Listener.OpenTcpConnections,
                serverTransactions = sip.Transactions.ServerTransactionCount,
                clientTransactions = sip.Transactions.ClientTransactionCount,
            },
            registrations = sip.Registrar.Snapshot().Sum(r => r.Contacts.Count),
        }));
        app.MapGet("/api/registrations", (SipStack sip) => Results.Json(sip.Registrar.Snapshot()));
    }
}
