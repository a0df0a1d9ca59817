using System.Net;
using SipGateway.Calls.Registration;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Transport;
using static SipGateway.Calls.Tests.Registration.RegistrarHarness;

namespace SipGateway.Calls.Tests.Registration;

/// <summary>RFC 4475 registrar cases and real phones' REGISTERs, driven through challenge and authentication.</summary>
public class RegistrarCorpusTests
{
    private static RegistrarHarness ExampleCom() => new(new RegistrarOptions { Realm = "example.com" },
        new DeviceCredential("WATSON", "watson", "elementary", []),
        new DeviceCredential("USER", "user", "userpw", []),
        new DeviceCredential("JUSER", "j.user", "jpw", []),
        new DeviceCredential("NULLS", "nulluser", "nullpw", ["null-\0-null"]));

    /// <summary>Sends a corpus REGISTER, then again with credentials (CSeq + 1); returns (first answer, final answer).</summary>
    private static (SipResponse First, SipResponse Final) Flow(RegistrarHarness h, string file, string user, string password)
    {
        var request = Data(file);
        Assert.Null(SipRequestValidator.Validate(request));
        var first = h.Send(request);
        if (first.StatusCode != 401) return (first, first);
        var retry = Copy(request, 1);
        Assert.True(new DigestClient(user, password).TryAuthorize(retry, first));
        return (first, h.Send(retry));
    }

    [Fact]
    public void Cparam01_unknownparam_is_a_contact_parameter_not_part_of_the_uri()
    {
        var h = ExampleCom();
        var (first, ok) = Flow(h, "rfc4475/cparam01.dat", "watson", "elementary");

        Assert.Equal(401, first.StatusCode);
        Assert.Equal(200, ok.StatusCode);
        var binding = Assert.Single(h.Registrar.BindingsOfDevice("WATSON"));
        Assert.Equal("sip:+19725552222@gw1.example.net", binding.Uri);
        var listed = Assert.Single(Contacts(ok));
        Assert.False(listed.Uri.Parameters.Has("unknownparam"));
        Assert.True(listed.Parameters.Has("unknownparam"));
        Assert.Equal("sip:+19725552222@gw1.example.net", h.Registrar.Snapshot().Single().Contacts.Single().Uri);
    }

    [Fact]
    public void Cparam02_unknownparam_inside_brackets_stays_a_uri_parameter()
    {
        var h = ExampleCom();
        var (_, ok) = Flow(h, "rfc4475/cparam02.dat", "watson", "elementary");

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal("sip:+19725552222@gw1.example.net;unknownparam", Assert.Single(h.Registrar.BindingsOfDevice("WATSON")).Uri);
        var listed = Assert.Single(Contacts(ok));
        Assert.True(listed.Uri.Parameters.Has("unknownparam"));
        Assert.False(listed.Parameters.Has("unknownparam"));
    }

    [Fact]
    public void Regescrt_escaped_route_header_is_kept_in_the_binding()
    {
        var h = ExampleCom();
        var (_, ok) = Flow(h, "rfc4475/regescrt.dat", "user", "userpw");

        Assert.Equal(200, ok.StatusCode);
        const string uri = "sip:user@example.com?Route=%3Csip:sip.example.com%3E";
        Assert.Equal(uri, Assert.Single(h.Registrar.BindingsOfDevice("USER")).Uri);
        Assert.Equal(uri, Assert.Single(Contacts(ok)).Uri.ToString());
        Assert.Contains("<" + uri + ">", ok.ToString());
    }

    [Fact]
    public void Escnull_registers_two_distinct_contacts_under_the_untruncated_aor()
    {
        var h = ExampleCom();
        var (_, ok) = Flow(h, "rfc4475/escnull.dat", "nulluser", "nullpw");

        Assert.Equal(200, ok.StatusCode);
        var bindings = h.Registrar.BindingsOfDevice("NULLS");
        Assert.Equal(["sip:%00%00@host5.example.com", "sip:%00@host5.example.com"], bindings.Select(b => b.Uri).Order(StringComparer.Ordinal));
        Assert.All(bindings, b => Assert.Equal("sip:null-%00-null@example.com", b.Aor));
        Assert.Equal(2, Contacts(ok).Count);
        Assert.Equal(2, h.Registrar.BindingsOfDn("null-\0-null").Count);
        // "null-" alone (a NUL-truncated name) is not that AOR.
        Assert.Empty(h.Registrar.BindingsOfAor(SipUri.Parse("sip:null-@example.com")));
    }

    [Fact]
    public void Unksm2_non_sip_to_is_a_400_before_any_challenge()
    {
        var h = ExampleCom();
        var request = Data("rfc4475/unksm2.dat");
        Assert.Null(SipRequestValidator.Validate(request));

        var response = h.Send(request);

        Assert.Equal(400, response.StatusCode);
        Assert.Empty(response.Headers.GetFields(HeaderId.WwwAuthenticate));
        Assert.Empty(h.Registrar.Snapshot());
    }

    [Fact]
    public void Regaut01_unknown_scheme_gets_a_digest_challenge_then_succeeds()
    {
        var h = ExampleCom();
        var (first, ok) = Flow(h, "rfc4475/regaut01.dat", "j.user", "jpw");

        Assert.Equal(401, first.StatusCode);
        var challenges = first.Headers.GetFields(HeaderId.WwwAuthenticate).Select(DigestChallenge.Parse).ToList();
        Assert.Equal(2, challenges.Count);
        Assert.All(challenges, c => Assert.Equal("example.com", c.Realm));
        // No Contact: a query, answered 200 with no bindings.
        Assert.Equal(200, ok.StatusCode);
        Assert.Empty(Contacts(ok));
    }

    [Fact]
    public void Polycom_register_with_right_password_but_foreign_nonce_is_stale_then_registers()
    {
        var h = new RegistrarHarness(new RegistrarOptions { Realm = "pierrefouquet.babblevoice.com" },
            new DeviceCredential("SEPPOLYCOM", "1013", "sometestsecret", ["1013"]));
        var source = new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("82.71.31.12:52917"));
        var request = Data("real-messages/polycom-vvx350-register.txt");

        // The captured nonce is not ours, but the response proves the password: stale=true (RFC 7616 §3.3).
        var stale = h.Send(request, source);
        Assert.Equal(401, stale.StatusCode);
        Assert.All(stale.Headers.GetFields(HeaderId.WwwAuthenticate), v => Assert.True(DigestChallenge.Parse(v).Stale));

        var retry = Copy(request, 1);
        Assert.True(new DigestClient("1013", "sometestsecret").TryAuthorize(retry, stale));
        Assert.Single(retry.Headers.GetFields(HeaderId.Authorization));
        var ok = h.Send(retry, source);

        Assert.Equal(200, ok.StatusCode);
        var contact = Assert.Single(Contacts(ok));
        Assert.Equal("sip:1013@82.71.31.12:52917;transport=udp", contact.Uri.ToString());
        Assert.Equal("\"INVITE,ACK,BYE,CANCEL,OPTIONS,INFO,MESSAGE,SUBSCRIBE,NOTIFY,PRACK,UPDATE,REFER\"", contact.Parameters.Get("methods"));
        Assert.Equal("3600", contact.Parameters.Get("expires"));
        var binding = Assert.Single(h.Registrar.BindingsOfDn("1013"));
        Assert.Equal("PolycomVVX-VVX_350-UA/5.9.5.0614", binding.UserAgent);
    }

    [Fact]
    public void Polycom_register_with_wrong_password_is_not_stale()
    {
        var h = new RegistrarHarness(new RegistrarOptions { Realm = "pierrefouquet.babblevoice.com" },
            new DeviceCredential("SEPPOLYCOM", "1013", "not-the-secret", ["1013"]));
        var response = h.Send(Data("real-messages/polycom-vvx350-register.txt"));
        Assert.Equal(401, response.StatusCode);
        Assert.All(response.Headers.GetFields(HeaderId.WwwAuthenticate), v => Assert.False(DigestChallenge.Parse(v).Stale));
    }

    [Fact]
    public void Zoiper_register_behind_nat_binds_to_its_public_source()
    {
        var h = new RegistrarHarness(new RegistrarOptions { Realm = "192.168.31.109" },
            new DeviceCredential("ZOIPER", "1002", "1234", ["1002"]));
        var publicSource = new SipEndPoint(SipTransportKind.Udp, IPEndPoint.Parse("198.51.100.20:61000"));
        var request = Data("real-messages/zoiper-2.10-register.txt");

        var stale = h.Send(request, publicSource);
        Assert.Equal(401, stale.StatusCode);
        Assert.Contains("stale=true", stale.Headers[HeaderId.WwwAuthenticate]);

        var retry = Copy(request, 1);
        Assert.True(new DigestClient("1002", "1234").TryAuthorize(retry, stale));
        var ok = h.Send(retry, publicSource);

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(60, ExpiresOf(ok, "sip:1002@192.168.31.142:55747;rinstance=59defe5c8b2788ae;transport=UDP"));
        var binding = Assert.Single(h.Registrar.BindingsOfDevice("ZOIPER"));
        Assert.Equal(publicSource, binding.Source);
        Assert.Equal("sip:1002@192.168.31.109:5060", binding.Aor);
        Assert.Equal("198.51.100.20:61000", h.Registrar.Snapshot().Single().Contacts.Single().Source);
    }
}
