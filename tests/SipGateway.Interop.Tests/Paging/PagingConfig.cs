using System.Text.Json.Nodes;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>The demo configuration plus a "Paging" section: DialCast 7000 pages Lobby (239.10.0.1:20480, phone
/// SEP0011AABBCC01 joining by itself and a Cisco phone told by /CGI/Execute); DialCast 7100 pages site B's group.</summary>
internal static class PagingConfig
{
    public const string LobbyGroup = "239.10.0.1";
    public const string SiteBGroup = "239.20.0.1";
    public const int GroupPort = 20480;

    /// <param name="linksysControl">When given, a Linksys/SPA-style phone in Lobby gets its control packets there.</param>
    public static JsonObject Create(Uri ciscoUrl, string ciscoUser = "pager", string ciscoPassword = "secret", System.Net.IPEndPoint? linksysControl = null)
    {
        var c = GatewayConfig.Demo();
        // RTP legs well away from the multicast port, so a receiver joined to the group never shares a port with one.
        c["Media"]!["PortRange"] = "40000-40999";
        c["Trunks"]!["GW_SJC_1"]!["OptionsPing"] = false;
        c["Trunks"]!["GW_CENTRAL"]!["OptionsPing"] = false;
        c["Devices"]!["SEPCISCO0001"] = new JsonObject
        {
            ["Type"] = "SipPhone", ["AuthUser"] = "cisco1", ["Password"] = "cisco1pw", ["DevicePool"] = "DP_SJC", ["Css"] = "CSS_Internal",
            ["Lines"] = new JsonArray(new JsonObject { ["Dn"] = "1010", ["Partition"] = "PT_Internal" }),
            ["Paging"] = "CiscoExecute", ["PagingUrl"] = ciscoUrl.ToString(), ["PagingUser"] = ciscoUser, ["PagingPassword"] = ciscoPassword,
        };
        c["Devices"]!["SEP0011AABBCC01"]!["Paging"] = "Multicast";
        c["Paging"] = new JsonObject
        {
            ["MulticastInterface"] = "127.0.0.1", ["Ttl"] = 1, ["MaxConcurrentPages"] = 5, ["MinimumStallMilliseconds"] = 1000,
            ["DialCast"] = new JsonArray(
                new JsonObject { ["Number"] = "7000", ["Partition"] = "PT_Internal", ["RecipientGroups"] = new JsonArray("Lobby") },
                new JsonObject { ["Number"] = "7100", ["Partition"] = "PT_Internal", ["RecipientGroups"] = new JsonArray("SiteB") }),
            ["RecipientGroups"] = new JsonObject
            {
                ["Lobby"] = new JsonObject { ["Multicast"] = $"{LobbyGroup}:{GroupPort}", ["Devices"] = new JsonArray("SEP0011AABBCC01", "SEPCISCO0001"), ["SkipBusy"] = true },
                ["SiteB"] = new JsonObject { ["Multicast"] = $"{SiteBGroup}:{GroupPort}", ["Devices"] = new JsonArray("SEP0011AABBCC02") },
            },
        };
        if (linksysControl is not null)
        {
            c["Devices"]!["SEPSPA0001"] = new JsonObject
            {
                ["Type"] = "SipPhone", ["AuthUser"] = "spa1", ["Password"] = "spa1pw", ["Paging"] = "Linksys", ["PagingControl"] = linksysControl.ToString(),
            };
            c["Paging"]!["RecipientGroups"]!["Lobby"]!["Devices"]!.AsArray().Add("SEPSPA0001");
        }
        return c;
    }
}
