using System.Text.Json.Nodes;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>The demo configuration with test-specific changes (trunk destinations on free ports, an inbound trunk).</summary>
internal static class GatewayConfig
{
    public static JsonObject Demo() => JsonNode.Parse(File.ReadAllText(GatewayProcess.DemoConfigPath))!.AsObject();

    /// <summary>
    /// Trunks for call tests: GW_SJC_1 (the caller's local route group) and GW_CENTRAL point at the given ports; GW_IN
    /// is an inbound trunk recognised by source 127.0.0.2 with CSS_National and device pool DP_SJC.
    /// </summary>
    public static string WithTrunks(int sjcPort, int centralPort, string transport = "udp")
    {
        var c = Demo();
        var trunks = c["Trunks"]!.AsObject();
        trunks["GW_SJC_1"]!["Destination"] = $"127.0.0.1:{sjcPort}";
        trunks["GW_SJC_1"]!["Transport"] = transport;
        trunks["GW_CENTRAL"]!["Destination"] = $"127.0.0.1:{centralPort}";
        trunks["GW_CENTRAL"]!["Transport"] = transport;
        // SIPp scenarios expect an INVITE first: no OPTIONS keepalive unless a test turns it on.
        trunks["GW_SJC_1"]!["OptionsPing"] = false;
        trunks["GW_CENTRAL"]!["OptionsPing"] = false;
        trunks["GW_IN"] = new JsonObject
        {
            ["Destination"] = "127.0.0.2:5999", ["Transport"] = transport, ["DevicePool"] = "DP_SJC",
            ["InboundCss"] = "CSS_National", ["AllowedSources"] = new JsonArray("127.0.0.2"), ["OptionsPing"] = false,
        };
        return c.ToJsonString();
    }
}
