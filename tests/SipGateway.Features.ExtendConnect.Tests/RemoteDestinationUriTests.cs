using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>Directory-URI remote destinations (alice@example.com): normalised, unique, limited and persisted like numbers.</summary>
public class RemoteDestinationUriTests
{
    private static CtiError Error(Action action) => Assert.Throws<CtiException>(action).Error;

    [Theory]
    [InlineData("alice@example.com", "alice@example.com")]
    [InlineData("sip:alice@Example.COM", "alice@example.com")]
    [InlineData("SIP:Alice.Smith@Mail.Example.com", "Alice.Smith@mail.example.com")]
    [InlineData(" alice@example.com ", "alice@example.com")]
    public void A_uri_is_normalised(string typed, string expected)
    {
        Assert.True(RemoteDestinationUri.TryNormalize(typed, out var uri));
        Assert.Equal(expected, uri);
    }

    [Theory]
    [InlineData("@example.com")]
    [InlineData("alice@")]
    [InlineData("alice@@example.com")]
    [InlineData("a@b@example.com")]
    [InlineData("alice smith@example.com")]
    [InlineData("alice@exa mple.com")]
    [InlineData("alice@.example.com")]
    [InlineData("alice@example..com")]
    [InlineData("alice;x=1@example.com")]
    [InlineData("sip:@example.com")]
    public void A_malformed_uri_is_RD_INVALID(string typed)
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        var e = Error(() => s.Book.Add("CTRIDalice", typed, null, false));
        Assert.Equal("RD_INVALID", e.Code);
        Assert.Contains("directory URI", e.Detail);
    }

    [Fact]
    public void Without_a_uri_trunk_a_uri_is_RD_NOT_REACHABLE_naming_the_config_key()
    {
        using var s = new ExtendConnectScenario();
        var e = Error(() => s.Book.Add("CTRIDalice", "alice@example.com", null, false));
        Assert.Equal("RD_NOT_REACHABLE", e.Code);
        Assert.Contains("ExtendConnect:UriTrunk", e.Detail);
        Assert.Empty(s.Book.Of("CTRIDalice"));
        // Numbers still work without it.
        s.Book.Add("CTRIDalice", "94085", null, false);
    }

    [Fact]
    public void With_a_uri_trunk_a_uri_is_added_in_its_normal_form()
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        var rd = s.Book.Add("CTRIDalice", "sip:alice@EXAMPLE.com", null, active: true);
        Assert.Equal("alice@example.com", rd.Number);
        Assert.Equal("alice@example.com", rd.Name);
        Assert.Equal("alice@example.com", s.Book.Active("CTRIDalice")?.Number);
    }

    [Fact]
    public void A_uri_is_unique_across_devices_in_any_spelling()
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        s.Book.Add("CTRIDalice", "alice@example.com", null, false);
        var e = Error(() => s.Book.Add("CTRIDbob", "sip:alice@Example.Com", null, false));
        Assert.Equal("RD_NOT_UNIQUE", e.Code);
        Assert.Contains("CTRIDalice", e.Detail);
        // The user part is case-sensitive (RFC 3261 §19.1.4): Alice@ is a different address.
        s.Book.Add("CTRIDbob", "Alice@example.com", null, false);
    }

    [Fact]
    public void Uris_count_toward_the_limit_with_numbers()
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        s.Book.Add("CTRIDalice", "94001", null, false);
        s.Book.Add("CTRIDalice", "a@example.com", null, false);
        s.Book.Add("CTRIDalice", "b@example.com", null, false);
        s.Book.Add("CTRIDalice", "94002", null, false);
        Assert.Equal("RD_LIMIT", Error(() => s.Book.Add("CTRIDalice", "c@example.com", null, false)).Code);
    }

    [Fact]
    public void A_uri_survives_a_restart_and_is_updated_and_deleted_by_any_spelling()
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        s.Book.Add("CTRIDalice", "alice@example.com", "work", active: true);
        var book = s.Open();
        var rd = Assert.Single(book.Of("CTRIDalice"));
        Assert.Equal(("alice@example.com", "work", true), (rd.Number, rd.Name, rd.Active));
        Assert.Equal("home", book.Update("CTRIDalice", "sip:alice@EXAMPLE.COM", "home", null).Name);
        book.Delete("CTRIDalice", "alice@Example.com");
        Assert.Empty(s.Open().Of("CTRIDalice"));
    }

    [Fact]
    public void The_device_route_names_the_uri_trunk()
    {
        using var s = new ExtendConnectScenario(uriTrunk: "GW");
        s.Book.Add("CTRIDalice", "alice@example.com", null, active: true);
        var route = new RemoteDeviceRouting(s.Book).RouteOf("CTRIDalice");
        Assert.Equal(("alice@example.com", "GW"), (route?.Destination, route?.UriTrunk));
    }
}
