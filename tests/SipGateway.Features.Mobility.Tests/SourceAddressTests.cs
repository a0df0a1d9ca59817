using System.Net;
using System.Text.Json.Nodes;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>ValidateIpAddress, TrustedIps and AllowProxy: who may log in or out on a phone.</summary>
public class SourceAddressTests
{
    private const string P1 = MobilityHarness.Phone1;
    private static readonly IPAddress PhoneAddress = IPAddress.Parse("127.0.0.21");

    private static SourceAddressCheck Check(bool validate = true, bool allowProxy = false, params string[] trusted)
    {
        var options = new MobilityOptions
        {
            ValidateIpAddress = validate, AllowProxy = allowProxy,
            TrustedIps = trusted.Select(t => t.Contains('/') ? IPNetwork.Parse(t) : new IPNetwork(IPAddress.Parse(t), 32)).ToList(),
        };
        return new SourceAddressCheck(options, device => device == P1 ? [PhoneAddress] : []);
    }

    [Fact]
    public void Off_accepts_anyone() => Assert.Null(Check(validate: false).Refusal(P1, IPAddress.Parse("192.0.2.9"), "198.51.100.1", "1.1 proxy"));

    [Fact]
    public void The_phone_itself_is_accepted_and_a_stranger_is_not()
    {
        var check = Check();
        Assert.Null(check.Refusal(P1, PhoneAddress, null, null));
        Assert.Null(check.Refusal(P1, PhoneAddress.MapToIPv6(), null, null));
        Assert.Contains("neither", check.Refusal(P1, IPAddress.Parse("127.0.0.99"), null, null));
        Assert.NotNull(check.Refusal(MobilityHarness.Phone2, PhoneAddress, null, null)); // another phone's address does not count
    }

    [Fact]
    public void Trusted_addresses_and_networks_are_accepted()
    {
        var check = Check(true, false, "127.0.0.50", "10.20.0.0/16");
        Assert.Null(check.Refusal(P1, IPAddress.Parse("127.0.0.50"), null, null));
        Assert.Null(check.Refusal(P1, IPAddress.Parse("10.20.3.4"), null, null));
        Assert.NotNull(check.Refusal(P1, IPAddress.Parse("10.21.3.4"), null, null));
    }

    [Fact]
    public void A_proxied_request_is_refused_unless_proxies_are_allowed()
    {
        var check = Check(true, false, "127.0.0.50");
        Assert.Contains("AllowProxy is false", check.Refusal(P1, IPAddress.Parse("127.0.0.50"), PhoneAddress.ToString(), null));
        Assert.Contains("AllowProxy is false", check.Refusal(P1, IPAddress.Parse("127.0.0.50"), null, "1.1 squid"));
    }

    [Fact]
    public void With_proxies_allowed_the_proxy_must_be_trusted_and_the_forwarded_client_is_validated()
    {
        var check = Check(true, true, "127.0.0.50");
        // Through the trusted proxy, for the phone itself.
        Assert.Null(check.Refusal(P1, IPAddress.Parse("127.0.0.50"), $"{PhoneAddress}, 127.0.0.50", null));
        // Through the trusted proxy, for a stranger.
        Assert.NotNull(check.Refusal(P1, IPAddress.Parse("127.0.0.50"), "127.0.0.99", null));
        // A header from an untrusted "proxy" is not believed.
        Assert.Contains("not in ExtensionMobility:TrustedIps", check.Refusal(P1, IPAddress.Parse("127.0.0.77"), PhoneAddress.ToString(), null));
        // Via alone: the trusted proxy vouches.
        Assert.Null(check.Refusal(P1, IPAddress.Parse("127.0.0.50"), null, "1.1 squid"));
        Assert.Contains("not an IP address", check.Refusal(P1, IPAddress.Parse("127.0.0.50"), "phone.example", null));
    }

    [Fact]
    public void The_servlet_refuses_a_stranger_with_201_and_accepts_the_phone()
    {
        using var h = new MobilityHarness(new JsonObject { ["ValidateIpAddress"] = true },
            deviceAddresses: device => device == P1 ? [PhoneAddress] : []);
        var refused = h.Json("POST", $"device={P1}", """{"userId":"alice","pin":"12345"}""", remote: "127.0.0.99");
        Assert.Equal(201, (int)refused["error"]!["code"]!);
        Assert.Equal(403, (int)refused["httpStatus"]!);
        Assert.Empty(h.Em.Logins());
        var accepted = h.Json("POST", $"device={P1}", """{"userId":"alice","pin":"12345"}""", remote: PhoneAddress.ToString());
        Assert.Equal("LoggedIn", (string?)accepted["result"]);
    }
}
