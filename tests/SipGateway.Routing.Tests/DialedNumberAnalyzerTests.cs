using System.Text.Json;

namespace SipGateway.Routing.Tests;

public class DialedNumberAnalyzerTests
{
    private static DialPlan Plan() => new DialPlanScenario()
        .Partitions("PT_Internal", "PT_PSTN", "PT_Xlate")
        .Css("CSS_Internal", "PT_Internal")
        .Css("CSS_National", "PT_Internal", "PT_PSTN", "PT_Xlate")
        .Css("CSS_Xlate", "PT_PSTN")
        .RouteGroup("RG_SJC", "TopDown", "GW_SJC_1", "GW_SJC_2")
        .RouteGroup("RG_Central", "Circular", "GW_CENTRAL", "GW_CENTRAL_2")
        .DevicePool("DP_SJC", "RG_SJC")
        .RouteList("RL_PSTN", RouteListEntryOptions.StandardLocalRouteGroup, "RG_Central")
        .Route("9.1[2-9]XX[2-9]XXXXXX", "PT_PSTN", "RL_PSTN", o =>
        {
            o.DiscardDigits = "PreDot";
            o.CallingPartyTransformMask = "408555XXXX";
        })
        .Route("9.!", "PT_PSTN", "RL_PSTN")
        .Block("9.1900XXXXXXX", "PT_PSTN", "Premium numbers are blocked")
        .Translation("\\+1.XXXXXXXXXX", "PT_Xlate", "CSS_Xlate", o =>
        {
            o.DiscardDigits = "PreDot";
            o.CalledPartyPrefixDigits = "91";
        })
        .Phone("SEP1", "1000", "PT_Internal", "CSS_National", "DP_SJC")
        .Build();

    [Fact]
    public void Route_report_has_the_documented_shape()
    {
        var json = DialedNumberAnalyzer.AnalyzeToJson(Plan(), null, "914085551234", device: "SEP1");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        Assert.Equal("Route", root.GetProperty("result").GetString());
        Assert.Equal("9.1[2-9]XX[2-9]XXXXXX", root.GetProperty("pattern").GetString());
        Assert.Equal("PT_PSTN", root.GetProperty("partition").GetString());
        Assert.Equal(0, root.GetProperty("translations").GetArrayLength());
        Assert.Equal("14085551234", root.GetProperty("calledNumber").GetString());
        Assert.Equal("4085551000", root.GetProperty("callingNumber").GetString());
        Assert.Equal("RL_PSTN", root.GetProperty("routeList").GetString());
        Assert.Equal(["RG_SJC", "RG_Central"], root.GetProperty("routeGroups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["GW_SJC_1", "GW_SJC_2", "GW_CENTRAL", "GW_CENTRAL_2"],
            root.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Null, root.GetProperty("blockReason").ValueKind);
        var candidates = root.GetProperty("candidates").EnumerateArray().ToArray();
        Assert.Equal(["9.1[2-9]XX[2-9]XXXXXX", "9.!"], candidates.Select(c => c.GetProperty("pattern").GetString()));
        Assert.Equal(6400000000UL, candidates[0].GetProperty("matches").GetUInt64());
        Assert.Equal(100000000000UL, candidates[1].GetProperty("matches").GetUInt64());
        Assert.Equal("PT_PSTN", candidates[0].GetProperty("partition").GetString());
    }

    [Fact]
    public void Documented_keys_come_first_in_order()
    {
        var json = DialedNumberAnalyzer.AnalyzeToJson(Plan(), "CSS_National", "914085551234");
        using var doc = JsonDocument.Parse(json);

        var names = doc.RootElement.EnumerateObject().Select(p => p.Name).Take(11);

        Assert.Equal(
            ["result", "pattern", "partition", "translations", "calledNumber", "callingNumber", "routeList",
             "routeGroups", "members", "blockReason", "candidates"],
            names);
    }

    [Fact]
    public void Translation_steps_are_reported()
    {
        var json = DialedNumberAnalyzer.AnalyzeToJson(Plan(), "CSS_National", "+14085551234", calling: "1000");
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;

        var step = Assert.Single(root.GetProperty("translations").EnumerateArray().ToArray());
        Assert.Equal("\\+1.XXXXXXXXXX", step.GetProperty("pattern").GetString());
        Assert.Equal("PT_Xlate", step.GetProperty("partition").GetString());
        Assert.Equal("914085551234", step.GetProperty("calledNumber").GetString());
        Assert.Equal("Route", root.GetProperty("result").GetString());
        Assert.Equal("14085551234", root.GetProperty("calledNumber").GetString());
        // Plus signs and backslashes stay readable in the output.
        Assert.Contains("\"pattern\": \"\\\\+1.XXXXXXXXXX\"", json);
    }

    [Fact]
    public void Block_report_carries_the_reason()
    {
        var root = JsonDocument.Parse(DialedNumberAnalyzer.AnalyzeToJson(Plan(), "CSS_National", "919005551234")).RootElement;

        Assert.Equal("Block", root.GetProperty("result").GetString());
        Assert.Equal("Premium numbers are blocked", root.GetProperty("blockReason").GetString());
        Assert.Equal(0, root.GetProperty("members").GetArrayLength());
    }

    [Fact]
    public void Directory_number_and_unallocated_reports()
    {
        var dn = DialedNumberAnalyzer.Analyze(Plan(), "CSS_Internal", "1000");
        Assert.Equal(RoutingResult.DirectoryNumber, dn.Result);
        Assert.Equal(["SEP1"], dn.Devices);

        var none = DialedNumberAnalyzer.Analyze(Plan(), "CSS_Internal", "914085551234");
        Assert.Equal(RoutingResult.Unallocated, none.Result);
        Assert.Empty(none.Candidates);
    }

    [Fact]
    public void Css_alone_has_no_device_pool_so_no_local_route_group()
    {
        var report = DialedNumberAnalyzer.Analyze(Plan(), "CSS_National", "914085551234");

        Assert.Equal(["RG_Central"], report.RouteGroups);
    }

    [Fact]
    public void Unknown_css_or_device_is_an_error_result()
    {
        var css = DialedNumberAnalyzer.Analyze(Plan(), "CSS_Nope", "1000");
        var device = DialedNumberAnalyzer.Analyze(Plan(), null, "1000", device: "SEP_Nope");

        Assert.Equal(RoutingResult.Error, css.Result);
        Assert.Contains("CSS_Nope", css.Error);
        Assert.Equal(RoutingResult.Error, device.Result);
        Assert.Contains("SEP_Nope", device.Error);
    }

    [Fact]
    public void Analyzer_does_not_advance_circular_groups()
    {
        var plan = Plan();

        var first = DialedNumberAnalyzer.Analyze(plan, "CSS_National", "914085551234");
        var second = DialedNumberAnalyzer.Analyze(plan, "CSS_National", "914085551234");

        Assert.Equal(first.Members, second.Members);
        Assert.Equal("GW_CENTRAL", first.Members[0]);
    }

    [Fact]
    public void Same_question_gives_byte_identical_json()
    {
        var plan = Plan();

        Assert.Equal(
            DialedNumberAnalyzer.AnalyzeToJson(plan, "CSS_National", "914085551234", "1000", "SEP1"),
            DialedNumberAnalyzer.AnalyzeToJson(plan, "CSS_National", "914085551234", "1000", "SEP1"));
    }
}
