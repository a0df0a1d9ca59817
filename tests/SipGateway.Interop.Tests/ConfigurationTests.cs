using SipGateway.Configuration;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>Configuration mistakes stop start-up with one line naming the file, the key path and the value.</summary>
public class ConfigurationTests
{
    private static string WriteConfig(string json) => TempConfig.Write(json);

    [Fact]
    public void Demo_config_loads()
    {
        var s = GatewaySettings.Load(["--config", GatewayProcess.DemoConfigPath]);
        Assert.Equal(5060, s.Sip.Port);
        Assert.Equal("127.0.0.1", s.Sip.Address);
        Assert.Equal("http://127.0.0.1:8080", s.Urls);
        Assert.Equal(4, s.Devices.Count);
        Assert.Equal(3, s.Announcements.Names.Count);
        Assert.Equal("1400/500", s.Media.Tones.PagingGoAhead.Cadence);
        Assert.Equal("1000", s.Devices["SEP0011AABBCC01"].Lines[0].Dn);
    }

    [Theory]
    [InlineData("""{ "Sip": { "Port": "abc" } }""", "Sip:Port", "abc")]
    [InlineData("""{ "Sip": { "Port": 70000 } }""", "Sip:Port", "70000")]
    [InlineData("""{ "Sip": { "Address": "localhost.invalid" } }""", "Sip:Address", "localhost.invalid")]
    [InlineData("""{ "Urls": "ftp://x" }""", "Urls", "ftp://x")]
    [InlineData("""{ "Devices": { "P1": { "Type": "Fax" } } }""", "Devices:P1:Type", "Fax")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a", "Password": "p", "Lines": [ { "Dn": "10x0" } ] } } }""", "Devices:P1:Lines:0:Dn", "10x0")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a" } } }""", "Devices:P1:Password", "")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a", "Password": "p", "Lines": [ { "Dn": "10", "DndOption": "Mute" } ] } } }""", "Devices:P1:Lines:0:DndOption", "Mute")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a", "Password": "p", "Lines": [ { "Dn": "10", "CallForwardAll": "ab" } ] } } }""", "Devices:P1:Lines:0:CallForwardAll", "ab")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a", "Password": "p", "Lines": [ { "Dn": "10", "CallForwardBusy": { "Destination": "11", "Css": "CSS_Nowhere" } } ] } } }""", "Devices:P1:Lines:0:CallForwardBusy:Css", "CSS_Nowhere")]
    [InlineData("""{ "Devices": { "P1": { "AuthUser": "a", "Password": "p" }, "P2": { "AuthUser": "a", "Password": "q" } } }""", "Devices:P2:AuthUser", "a")]
    [InlineData("""{ "Registrar": { "MinExpires": 600, "MaxExpires": 60 } }""", "Registrar:MaxExpires", "60")]
    [InlineData("""{ "Registrar": { "DigestAlgorithms": "MD5,SHA-1" } }""", "Registrar:DigestAlgorithms", "MD5,SHA-1")]
    [InlineData("""{ "Trunks": { "T1": { "Destination": "nowhere" } } }""", "Trunks:T1:Destination", "nowhere")]
    [InlineData("""{ "Media": { "Announcements": { "Welcome": "missing.wav" } } }""", "Media:Announcements:Welcome", "missing.wav")]
    [InlineData("""{ "Media": { "Tones": { "Busy": { "Cadence": "480+abc/500" } } } }""", "Media:Tones:Busy:Cadence", "480+abc/500")]
    [InlineData("""{ "Media": { "PortRange": "30000-20000" } }""", "Media:PortRange", "30000-20000")]
    [InlineData("""{ "DialPlan": { "Partitions": ["PT"], "RoutePatterns": [ { "Pattern": "9.1[2-9", "Partition": "PT" } ] } }""", "DialPlan:RoutePatterns:0:Pattern", "9.1[2-9")]
    public void Bad_values_name_file_key_and_value(string json, string key, string value)
    {
        var path = WriteConfig(json);
        var error = Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", path]));
        Assert.Equal(key, error.Key);
        Assert.Equal(value, error.Value ?? "");
        Assert.Contains(path, error.Message);
        Assert.Contains(key, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Command_line_overrides_file_and_is_named_as_the_source()
    {
        var path = WriteConfig("""{ "Sip": { "Port": 5060 } }""");
        Assert.Equal(5070, GatewaySettings.Load(["--config", path, "--Sip:Port", "5070"]).Sip.Port);
        var error = Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", path, "--Sip:Port", "x"]));
        Assert.Contains("command line", error.Message);
    }

    [Fact]
    public void Broken_json_and_missing_file_are_reported()
    {
        var broken = WriteConfig("{ \"Sip\": { ");
        Assert.Contains(broken, Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", broken])).Message);
        Assert.Contains("does not exist", Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", "/nonexistent/x.json"])).Message);
    }

    [Fact]
    public async Task Gateway_process_exits_2_with_one_line_on_a_config_error()
    {
        var path = WriteConfig("""{ "Sip": { "Port": "abc" } }""");
        var dll = Path.Combine(AppContext.BaseDirectory, "SipGateway.dll");
        var r = await ExternalTool.RunAsync("dotnet", [dll, "--config", path], TimeSpan.FromSeconds(30));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"config error in {path}: Sip:Port = 'abc': expected a whole number", line.Trim());
    }
}
