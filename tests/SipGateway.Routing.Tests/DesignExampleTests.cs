using System.Text.Json;

namespace SipGateway.Routing.Tests;

/// <summary>The DialPlan section of DESIGN.md's config example, read the way the host reads JSON.</summary>
public class DesignExampleTests
{
    private const string DialPlanJson = """
    {
      "Partitions": ["PT_Internal", "PT_PSTN"],
      "CallingSearchSpaces": { "CSS_Internal": ["PT_Internal"], "CSS_National": ["PT_Internal", "PT_PSTN"] },
      "TranslationPatterns": [ { "Pattern": "0", "Partition": "PT_Internal", "Css": "CSS_Internal", "CalledPartyTransformMask": "1000" } ],
      "RoutePatterns": [
        { "Pattern": "9.1[2-9]XX[2-9]XXXXXX", "Partition": "PT_PSTN", "RouteList": "RL_PSTN",
          "DiscardDigits": "PreDot", "CallingPartyTransformMask": "408555XXXX" },
        { "Pattern": "9.1900XXXXXXX", "Partition": "PT_PSTN", "Block": true, "BlockReason": "Premium numbers are blocked" }
      ],
      "RouteLists": { "RL_PSTN": ["Standard Local Route Group", "RG_Central"] },
      "RouteGroups": { "RG_SJC": { "Distribution": "TopDown", "Members": ["GW_SJC_1", "GW_SJC_2"] } },
      "DevicePools": { "DP_SJC": { "LocalRouteGroup": "RG_SJC" } }
    }
    """;

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static DialPlanOptions Read() => JsonSerializer.Deserialize<DialPlanOptions>(DialPlanJson, Json)!;

    private static readonly DeviceDefinition[] Devices =
    [
        new() { Name = "SEP0011AABBCC01", DevicePool = "DP_SJC", Css = "CSS_National",
                Lines = [new() { Dn = "1000", Partition = "PT_Internal" }] },
        new() { Name = "CTRIDalice", DevicePool = "DP_SJC", Lines = [new() { Dn = "2000", Partition = "PT_Internal" }] },
    ];

    private static readonly TrunkDefinition[] Trunks =
    [
        new() { Name = "GW_SJC_1", DevicePool = "DP_SJC", InboundCss = "CSS_Internal" },
        new() { Name = "GW_SJC_2", DevicePool = "DP_SJC" },
        new() { Name = "GW_CENTRAL" },
    ];

    [Fact]
    public void Deserialises_every_key()
    {
        var options = Read();

        Assert.Equal(["PT_Internal", "PT_PSTN"], options.Partitions);
        Assert.Equal(["PT_Internal", "PT_PSTN"], options.CallingSearchSpaces["CSS_National"]);
        Assert.Equal("CSS_Internal", options.TranslationPatterns[0].Css);
        Assert.Equal("1000", options.TranslationPatterns[0].CalledPartyTransformMask);
        Assert.Equal("PreDot", options.RoutePatterns[0].DiscardDigits);
        Assert.Equal("408555XXXX", options.RoutePatterns[0].CallingPartyTransformMask);
        Assert.True(options.RoutePatterns[1].Block);
        Assert.Equal("Premium numbers are blocked", options.RoutePatterns[1].BlockReason);
        Assert.Equal(["Standard Local Route Group", "RG_Central"], options.RouteLists["RL_PSTN"].Select(e => e.RouteGroup));
        Assert.Equal("TopDown", options.RouteGroups["RG_SJC"].Distribution);
        Assert.Equal("RG_SJC", options.DevicePools["DP_SJC"].LocalRouteGroup);
        Assert.True(options.StopRoutingOnUserBusy);
    }

    [Fact]
    public void The_example_as_written_names_its_missing_route_group()
    {
        // DESIGN.md's RL_PSTN lists RG_Central but the example defines no such route group.
        var error = Assert.Throws<DialPlanConfigException>(() => DialPlan.Build(Read(), Devices, Trunks));

        Assert.Equal("DialPlan:RouteLists:RL_PSTN:1", error.KeyPath);
        Assert.Equal("RG_Central", error.Value);
    }

    [Fact]
    public void Builds_and_routes_once_RG_Central_exists()
    {
        var options = Read();
        options.RouteGroups["RG_Central"] = new RouteGroupOptions { Members = ["GW_CENTRAL"] };
        var plan = DialPlan.Build(options, Devices, Trunks);
        var analysis = new DigitAnalysis(plan);
        var phone = plan.CallerFromDevice("SEP0011AABBCC01");

        var pstn = analysis.Analyze(phone, "914085551234");
        Assert.Equal(RoutingResult.Route, pstn.Result);
        Assert.Equal("14085551234", pstn.CalledNumber);
        Assert.Equal("4085551000", pstn.CallingNumber);
        Assert.Equal(["GW_SJC_1", "GW_SJC_2", "GW_CENTRAL"], pstn.Members.Select(m => m.Trunk));

        var premium = analysis.Analyze(phone, "919005551234");
        Assert.Equal(RoutingResult.Block, premium.Result);
        Assert.Equal("Premium numbers are blocked", premium.BlockReason);

        var operatorCall = analysis.Analyze(phone, "0");
        Assert.Equal(RoutingResult.DirectoryNumber, operatorCall.Result);
        Assert.Equal("1000", operatorCall.CalledNumber);

        // A call in from the SJC gateway may only reach internal numbers.
        Assert.Equal(RoutingResult.Unallocated, analysis.Analyze(plan.CallerFromTrunk("GW_SJC_1"), "914085551234").Result);
        Assert.Equal(["CTRIDalice"], analysis.Analyze(plan.CallerFromTrunk("GW_SJC_1"), "2000").DirectoryNumber!.Devices);
    }

    [Fact]
    public void Route_list_entries_read_both_forms_and_write_back()
    {
        const string json = """{ "RouteLists": { "RL": [ "RG_A", { "RouteGroup": "RG_B", "CalledPartyPrefixDigits": "0", "UseCallingPartyExternalPhoneNumberMask": true } ] } }""";

        var options = JsonSerializer.Deserialize<DialPlanOptions>(json, Json)!;

        var entries = options.RouteLists["RL"];
        Assert.Equal("RG_A", entries[0].RouteGroup);
        Assert.Null(entries[0].CalledPartyPrefixDigits);
        Assert.Equal("RG_B", entries[1].RouteGroup);
        Assert.Equal("0", entries[1].CalledPartyPrefixDigits);
        Assert.True(entries[1].UseCallingPartyExternalPhoneNumberMask);
        Assert.Equal("""["RG_A",{"RouteGroup":"RG_B","CalledPartyPrefixDigits":"0","UseCallingPartyExternalPhoneNumberMask":true}]""",
            JsonSerializer.Serialize(entries));
    }

    [Fact]
    public void Route_list_entry_converts_from_a_string_for_configuration_binding()
    {
        var converter = System.ComponentModel.TypeDescriptor.GetConverter(typeof(RouteListEntryOptions));

        Assert.True(converter.CanConvertFrom(typeof(string)));
        Assert.Equal("RG_SJC", ((RouteListEntryOptions)converter.ConvertFrom("RG_SJC")!).RouteGroup);
    }
}
