using SipGateway.Configuration;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>Bad Extend and Connect settings stop start-up with the key path, the value and the reason.</summary>
public class ExtendConnectConfigErrorTests
{
    private static string Load(Action<System.Text.Json.Nodes.JsonObject> change)
    {
        var config = ExtendConnectConfig.Build(5090, 5092);
        change(config);
        var path = Path.Combine(Directory.CreateTempSubdirectory("ec-config-").FullName, "gateway.json");
        File.WriteAllText(path, config.ToJsonString());
        return Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", path])).Message;
    }

    [Fact]
    public void More_than_ten_remote_destinations_is_refused() =>
        Assert.Contains("ExtendConnect:MaxRemoteDestinations = '11': expected a number from 1 to 10",
            Load(c => c["ExtendConnect"]!["MaxRemoteDestinations"] = 11));

    [Fact]
    public void An_unknown_reroute_css_is_refused() =>
        Assert.Contains("Devices:CTRIDalice:RerouteCss = 'CSS_Nowhere': no such calling search space",
            Load(c => c["Devices"]!["CTRIDalice"]!["RerouteCss"] = "CSS_Nowhere"));

    [Fact]
    public void A_short_api_key_is_refused() =>
        Assert.Contains("Cti:Applications:crm:ApiKey = 'short': an API key of at least 16 characters is needed",
            Load(c => c["Cti"]!["Applications"]!["crm"]!["ApiKey"] = "short"));

    [Fact]
    public void A_dial_rule_without_digits_is_refused() =>
        Assert.Contains("ExtendConnect:ApplicationDialRules:0:BeginsWith = 'x1'",
            Load(c => c["ExtendConnect"]!["ApplicationDialRules"]![0]!["BeginsWith"] = "x1"));

    [Fact]
    public async Task The_gateway_exits_2_on_such_an_error()
    {
        var config = ExtendConnectConfig.Build(5090, 5092);
        config["ExtendConnect"]!["MaxRemoteDestinations"] = 0;
        var path = Path.Combine(Directory.CreateTempSubdirectory("ec-config-").FullName, "gateway.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        var r = await ExternalTool.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "SipGateway.dll"), "--config", path], TimeSpan.FromSeconds(30));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"config error in {path}: ExtendConnect:MaxRemoteDestinations = '0': expected a number from 1 to 10", r.Output.Trim());
    }
}
