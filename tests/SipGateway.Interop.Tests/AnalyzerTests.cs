using System.Net;
using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>The Dialed Number Analyzer through both of its doors: the `analyze` verb and GET /api/analyze.</summary>
public class AnalyzerTests
{
    private static readonly string Dll = Path.Combine(AppContext.BaseDirectory, "SipGateway.dll");

    private static Task<ExternalTool.Result> Cli(params string[] args) =>
        ExternalTool.RunAsync("dotnet", [Dll, "analyze", "--config", GatewayProcess.DemoConfigPath, .. args], TimeSpan.FromSeconds(60));

    [Theory]
    [InlineData("CSS_National", "914085551234", "", "SEP0011AABBCC01", "Route")]
    [InlineData("CSS_National", "919005551234", "", "", "Block")]
    [InlineData("CSS_Internal", "914085551234", "", "", "Unallocated")]
    [InlineData("CSS_Internal", "1001", "1000", "", "DirectoryNumber")]
    [InlineData("CSS_Internal", "0", "", "", "DirectoryNumber")]
    [InlineData("CSS_Nope", "1001", "", "", "Error")]
    public async Task Cli_and_http_print_the_same_json(string css, string digits, string calling, string device, string result)
    {
        var args = new List<string> { "--css", css, digits };
        if (calling.Length > 0) args.AddRange(["--calling", calling]);
        if (device.Length > 0) args.AddRange(["--device", device]);
        var cli = await Cli(args.ToArray());
        Assert.True(cli.ExitCode == 0, cli.Output);
        Assert.Equal(result, JsonDocument.Parse(cli.Output).RootElement.GetProperty("result").GetString());

        await using var gw = await GatewayProcess.StartAsync();
        var query = $"/api/analyze?css={css}&digits={digits}" + (calling.Length > 0 ? $"&calling={calling}" : "") + (device.Length > 0 ? $"&device={device}" : "");
        var http = await gw.Http.GetStringAsync(query);
        Assert.Equal(cli.Output.Trim(), http.Trim());
    }

    [Fact]
    public async Task Route_decision_lists_lrg_members_and_transformed_numbers()
    {
        var cli = await Cli("--css", "CSS_National", "914085551234", "--device", "SEP0011AABBCC01");
        var json = JsonDocument.Parse(cli.Output).RootElement;
        Assert.Equal("9.1[2-9]XX[2-9]XXXXXX", json.GetProperty("pattern").GetString());
        Assert.Equal("14085551234", json.GetProperty("calledNumber").GetString());
        Assert.Equal("4085551000", json.GetProperty("callingNumber").GetString());
        Assert.Equal(["RG_SJC", "RG_Central"], json.GetProperty("routeGroups").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["GW_SJC_1", "GW_CENTRAL"], json.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
        // Without a device there is no device pool, so the Standard Local Route Group is skipped.
        var noDevice = JsonDocument.Parse((await Cli("--css", "CSS_National", "914085551234")).Output).RootElement;
        Assert.Equal(["GW_CENTRAL"], noDevice.GetProperty("members").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Bad_pattern_is_a_one_line_config_error_with_exit_2()
    {
        var json = (await File.ReadAllTextAsync(GatewayProcess.DemoConfigPath)).Replace("9.1[2-9]XX[2-9]XXXXXX", "9.1[2-9XX");
        var path = Path.Combine(Directory.CreateTempSubdirectory("sipgw-cfg-").FullName, "bad.json");
        await File.WriteAllTextAsync(path, json);
        var r = await ExternalTool.RunAsync("dotnet", [Dll, "analyze", "--config", path, "--css", "CSS_National", "911"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(path, line);
        Assert.Contains("DialPlan:RoutePatterns:0:Pattern", line);
        Assert.Contains("9.1[2-9XX", line);
    }

    [Fact]
    public async Task Missing_digits_are_a_usage_error()
    {
        var r = await Cli("--css", "CSS_National");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("usage:", r.Output);
        await using var gw = await GatewayProcess.StartAsync();
        var response = await gw.Http.GetAsync("/api/analyze?css=CSS_National");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
