using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>
/// The call-test trunks plus CTI remote device CTRIDalice (line 2000, reroute CSS CSS_National, CSS CSS_National)
/// and two CTI applications with API keys. Remote destinations 914085550199 and friends route out of GW_SJC_1.
/// </summary>
internal static class ExtendConnectConfig
{
    public const string CrmKey = "crm-key-0123456789abcdef";
    public const string OtherKey = "other-key-0123456789abcdef";

    public static JsonObject Build(int rdTrunkPort, int centralPort)
    {
        var c = JsonNode.Parse(GatewayConfig.WithTrunks(rdTrunkPort, centralPort))!.AsObject();
        c["Devices"]!["CTRIDalice"] = new JsonObject
        {
            ["Type"] = "CtiRemoteDevice", ["Owner"] = "alice", ["DisplayName"] = "Alice Adams", ["RerouteCss"] = "CSS_National",
            ["Css"] = "CSS_National", ["DevicePool"] = "DP_SJC",
            ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = "2000", ["Partition"] = "PT_Internal" }),
        };
        c["Cti"] = new JsonObject
        {
            ["Applications"] = new JsonObject
            {
                ["crm"] = new JsonObject { ["ApiKey"] = CrmKey },
                ["wallboard"] = new JsonObject { ["ApiKey"] = OtherKey },
            },
        };
        c["ExtendConnect"] = new JsonObject
        {
            ["ApplicationDialRules"] = new JsonArray(new JsonObject { ["BeginsWith"] = "+1", ["DigitsToRemove"] = 1, ["PrefixWith"] = "9" }),
        };
        return c;
    }
}
