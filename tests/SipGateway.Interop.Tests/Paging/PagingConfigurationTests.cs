using System.Text.Json.Nodes;
using SipGateway.Configuration;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>Paging configuration mistakes stop start-up naming the key path and the value (as the host reports them).</summary>
public class PagingConfigurationTests
{
    private static GatewaySettings Load(Action<JsonObject> change)
    {
        var config = PagingConfig.Create(new Uri("http://127.0.0.1:8081"));
        change(config);
        var path = Path.Combine(Directory.CreateTempSubdirectory("sipgw-page-cfg-").FullName, "gateway.json");
        File.WriteAllText(path, config.ToJsonString());
        return GatewaySettings.Load(["--config", path]);
    }

    private static JsonNode Paging(JsonObject c) => c["Paging"]!;

    public static TheoryData<string, string, string, string> Mistakes => new()
    {
        { "group outside 239/8", "Paging:RecipientGroups:Lobby:Multicast", "224.1.1.1:20480", "239.0.0.0/8" },
        { "odd port", "Paging:RecipientGroups:Lobby:Multicast", "239.10.0.1:20481", "even" },
        { "port below the range", "Paging:RecipientGroups:Lobby:Multicast", "239.10.0.1:5004", "20480" },
        { "not an address", "Paging:RecipientGroups:Lobby:Multicast", "lobby", "ADDRESS:PORT" },
        { "same group twice", "Paging:RecipientGroups:SiteB:Multicast", "239.10.0.1:20480", "already used by recipient group Lobby" },
        { "unknown device", "Paging:RecipientGroups:Lobby:Devices:2", "SEPNOWHERE", "no such device" },
        { "unknown group", "Paging:DialCast:0:RecipientGroups:0", "Nowhere", "no such group" },
        { "unknown partition", "Paging:DialCast:0:Partition", "PT_Nowhere", "no such partition" },
        { "number taken by a line", "Paging:DialCast:0:Number", "1000", "already a line of device SEP0011AABBCC01" },
        { "unknown mode", "Devices:SEPCISCO0001:Paging", "Telepathy", "expected Multicast, SipUnicast, CiscoExecute or Linksys" },
        { "Cisco without URL", "Devices:SEPCISCO0001:PagingUrl", "", "web server" },
        { "multicast phone in a group without address", "Paging:RecipientGroups:Lobby:Multicast", "", "joins the group by multicast" },
    };

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void Mistakes_name_the_key_and_the_value(string what, string key, string value, string reason)
    {
        var error = Assert.Throws<ConfigurationError>(() => Load(c =>
        {
            switch (what)
            {
                case "same group twice": Paging(c)["RecipientGroups"]!["SiteB"]!["Multicast"] = value; break;
                case "unknown device": Paging(c)["RecipientGroups"]!["Lobby"]!["Devices"]!.AsArray().Add(value); break;
                case "unknown group": Paging(c)["DialCast"]![0]!["RecipientGroups"] = new JsonArray(value); break;
                case "unknown partition": Paging(c)["DialCast"]![0]!["Partition"] = value; break;
                case "number taken by a line": Paging(c)["DialCast"]![0]!["Number"] = value; break;
                case "unknown mode": c["Devices"]!["SEPCISCO0001"]!["Paging"] = value; break;
                case "Cisco without URL": c["Devices"]!["SEPCISCO0001"]!.AsObject().Remove("PagingUrl"); break;
                case "multicast phone in a group without address": Paging(c)["RecipientGroups"]!["Lobby"]!.AsObject().Remove("Multicast"); break;
                default: Paging(c)["RecipientGroups"]!["Lobby"]!["Multicast"] = value; break;
            }
        }));
        Assert.Equal(key, error.Key);
        Assert.Equal(value, error.Value ?? "");
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void A_valid_section_is_read_with_its_phones_and_the_DialCast_numbers_are_directory_numbers()
    {
        var s = Load(_ => { });
        var paging = s.Paging!;
        Assert.Equal(["7000", "7100"], paging.DialCast.Select(d => d.Number));
        Assert.Equal("239.10.0.1:20480", paging.RecipientGroups["Lobby"].Multicast!.ToString());
        Assert.Equal(Features.Paging.PagingMode.CiscoExecute, paging.Phones["SEPCISCO0001"].Mode);
        var decision = Routing.DialedNumberAnalyzer.AnalyzeToJson(s.DialPlan, "CSS_Internal", "7000", null, null);
        Assert.Contains("\"result\": \"DirectoryNumber\"", decision);
        Assert.Contains("PT_Internal", decision);
    }
}
