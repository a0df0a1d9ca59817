using System.Net;
using SipGateway.Configuration;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Security;

/// <summary>The "Security" keys: defaults, and mistakes reported with the file, the key path and the value.</summary>
public class SecurityConfigurationTests
{
    private static string WriteConfig(string json) => TempConfig.Write(json);

    [Fact]
    public void Demo_config_gets_the_documented_defaults_and_trunk_sources_are_trusted()
    {
        var s = GatewaySettings.Load(["--config", GatewayProcess.DemoConfigPath]);
        Assert.Equal(5, s.Security.Auth.MaxFailures);
        Assert.Equal(TimeSpan.FromSeconds(300), s.Security.Auth.Window);
        Assert.Equal(TimeSpan.FromSeconds(900), s.Security.Auth.Lockout);
        Assert.True(s.Security.Auth.AlwaysChallenge); // issue 24: unknown callers answered like known ones by default
        Assert.Equal(32, s.Security.TcpMaxConnectionsPerSource);
        Assert.Equal(10, s.Security.TcpFirstMessageSeconds);
        Assert.True(s.Security.TrustedAndTrunks.Contains(IPAddress.Parse("127.0.0.2"))); // GW_SJC_1's AllowedSources
        Assert.False(s.Security.TrustedAndTrunks.Contains(IPAddress.Parse("127.0.0.1")));
    }

    [Fact]
    public void Always_challenge_can_be_turned_off_for_the_lab()
    {
        var path = WriteConfig("""{ "Security": { "Auth": { "AlwaysChallenge": false } } }""");
        Assert.False(GatewaySettings.Load(["--config", path]).Security.Auth.AlwaysChallenge);
    }

    [Fact]
    public void Trusted_sources_take_addresses_and_networks()
    {
        var path = WriteConfig("""{ "Security": { "TrustedSources": ["192.0.2.7", "10.0.0.0/8"] } }""");
        var s = GatewaySettings.Load(["--config", path]).Security;
        Assert.True(s.TrustedSources.Contains(IPAddress.Parse("192.0.2.7")));
        Assert.True(s.TrustedSources.Contains(IPAddress.Parse("10.20.30.40")));
        Assert.True(s.Auth.Exempt.Contains(IPAddress.Parse("10.20.30.40")));
        Assert.False(s.TrustedSources.Contains(IPAddress.Parse("192.0.2.8")));
    }

    [Theory]
    [InlineData("""{ "Security": { "TrustedSources": ["127.0.0.300"] } }""", "Security:TrustedSources:0", "127.0.0.300")]
    [InlineData("""{ "Security": { "TrustedSources": ["10.0.0.1", "office"] } }""", "Security:TrustedSources:1", "office")]
    [InlineData("""{ "Security": { "Auth": { "MaxFailures": 0 } } }""", "Security:Auth:MaxFailures", "0")]
    [InlineData("""{ "Security": { "Auth": { "WindowSeconds": "five" } } }""", "Security:Auth:WindowSeconds", "five")]
    [InlineData("""{ "Security": { "Auth": { "LockoutSeconds": -1 } } }""", "Security:Auth:LockoutSeconds", "-1")]
    [InlineData("""{ "Security": { "Auth": { "AlwaysChallenge": "yes" } } }""", "Security:Auth:AlwaysChallenge", "yes")]
    [InlineData("""{ "Security": { "Tcp": { "MaxConnectionsPerSource": -5 } } }""", "Security:Tcp:MaxConnectionsPerSource", "-5")]
    [InlineData("""{ "Security": { "Tcp": { "FirstMessageSeconds": 0 } } }""", "Security:Tcp:FirstMessageSeconds", "0")]
    public void Bad_values_name_file_key_and_value(string json, string key, string value)
    {
        var path = WriteConfig(json);
        var error = Assert.Throws<ConfigurationError>(() => GatewaySettings.Load(["--config", path]));
        Assert.Equal(key, error.Key);
        Assert.Equal(value, error.Value ?? "");
        Assert.Contains(path, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
