using System.Net;
using System.Text.Json;
using SipGateway.Calls.Registration;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;
using static SipGateway.Calls.Tests.Registration.RegistrarHarness;

namespace SipGateway.Calls.Tests.Registration;

public class RegistrarFlowTests
{
    private readonly RegistrarHarness _h = new();
    private readonly DigestClient _alice = new("alice", "alicepw");

    /// <summary>Registers alice's 1000 once; later requests reuse the same nonce with increasing nc.</summary>
    private SipResponse _lastChallenge = null!;

    private SipResponse Authenticated(SipRequest request, DigestClient? client = null)
    {
        var (challenge, final) = _h.SendAuthenticated(request, client ?? _alice);
        _lastChallenge = challenge;
        return final;
    }

    /// <summary>Sends with credentials straight away, answering the last challenge again (nonce reuse, next nc).</summary>
    private SipResponse Reauthenticated(SipRequest request, DigestClient? client = null)
    {
        Assert.True((client ?? _alice).TryAuthorize(request, _lastChallenge));
        return _h.Send(request);
    }

    [Fact]
    public void Challenge_then_authenticated_register_returns_200_with_the_binding()
    {
        var request = Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062;transport=udp>", "Expires: 600");

        var challenge = _h.Send(request);
        Assert.Equal(401, challenge.StatusCode);
        Assert.NotNull(challenge.ToTag);
        var offered = challenge.Headers.GetFields(HeaderId.WwwAuthenticate).Select(DigestChallenge.Parse).ToList();
        Assert.Equal(["SHA-256", "MD5"], offered.Select(c => c.Algorithm));
        Assert.All(offered, c => Assert.Equal("sipgw.local", c.Realm));
        Assert.Empty(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));

        var retry = Copy(request, 1);
        Assert.True(_alice.TryAuthorize(retry, challenge));
        var ok = _h.Send(retry);

        Assert.Equal(200, ok.StatusCode);
        Assert.NotNull(ok.ToTag);
        Assert.Equal(600, ExpiresOf(ok, "sip:1000@10.0.0.5:5062;transport=udp"));
        Assert.NotNull(ok.Headers[HeaderId.Date]);
        var binding = Assert.Single(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
        Assert.Equal("sip:1000@sipgw.local", binding.Aor);
        Assert.Equal("c1", binding.CallId);
        Assert.Equal(2u, binding.CSeq);
        Assert.Equal("TestPhone/1.0", binding.UserAgent);
        Assert.Equal(PhoneSource, binding.Source);
    }

    [Fact]
    public void Several_contacts_take_their_own_expires_or_the_header()
    {
        var ok = Authenticated(Register("1000", 1, "c1",
            "Contact: <sip:1000@10.0.0.5:5062>;expires=120, <sip:1000@10.0.0.6:5062>;q=0.5",
            "Contact: <sip:1000@10.0.0.7:5062>;expires=7200",
            "Expires: 300"));

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(3, Contacts(ok).Count);
        Assert.Equal(120, ExpiresOf(ok, "sip:1000@10.0.0.5:5062"));
        Assert.Equal(300, ExpiresOf(ok, "sip:1000@10.0.0.6:5062"));
        // Above the 3600 s maximum: shortened.
        Assert.Equal(3600, ExpiresOf(ok, "sip:1000@10.0.0.7:5062"));
        Assert.Equal("0.5", Contacts(ok).Single(c => c.Uri.Host == "10.0.0.6").Parameters.Get("q"));
        Assert.Equal(0.5, _h.Registrar.BindingsOfDevice("SEP0011AABBCC01").Single(b => b.Uri.Contains("10.0.0.6")).Q);
    }

    [Fact]
    public void No_expiry_given_uses_the_default()
    {
        var ok = Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>"));
        Assert.Equal(3600, ExpiresOf(ok, "sip:1000@10.0.0.5:5062"));
    }

    [Fact]
    public void Too_brief_expiry_gets_423_with_min_expires_and_changes_nothing()
    {
        var response = Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 30"));
        Assert.Equal(423, response.StatusCode);
        Assert.Equal("60", response.Headers[HeaderId.MinExpires]);
        Assert.Empty(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));

        // One brief contact fails the whole request.
        response = Reauthenticated(Register("1000", 3, "c1", "Contact: <sip:1000@10.0.0.5:5062>, <sip:1000@10.0.0.6:5062>;expires=59", "Expires: 600"));
        Assert.Equal(423, response.StatusCode);
        Assert.Empty(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));

        response = Reauthenticated(Register("1000", 4, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 60"));
        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public void Min_expires_is_configurable()
    {
        var h = new RegistrarHarness(new RegistrarOptions { Realm = "sipgw.local", MinExpires = 300, MaxExpires = 900 });
        var (_, response) = h.SendAuthenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 200"), _alice);
        Assert.Equal(423, response.StatusCode);
        Assert.Equal("300", response.Headers[HeaderId.MinExpires]);
    }

    [Fact]
    public void Bindings_expire_on_the_clock_and_leave_lookups_and_the_200()
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>;expires=120, <sip:1000@10.0.0.6:5062>;expires=600"));

        _h.Clock.Advance(TimeSpan.FromSeconds(119.5));
        var live = _h.Registrar.BindingsOfDn("1000");
        Assert.Equal(2, live.Count);
        Assert.Equal(1, live.Single(b => b.Uri.Contains("10.0.0.5")).ExpiresIn(_h.Clock.Monotonic));

        _h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["sip:1000@10.0.0.6:5062"], _h.Registrar.BindingsOfDn("1000").Select(b => b.Uri));
        Assert.Equal(["sip:1000@10.0.0.6:5062"], _h.Registrar.Snapshot().Single().Contacts.Select(c => c.Uri));

        // A query (no Contact) lists only what is left, with the time remaining.
        var query = Reauthenticated(Register("1000", 3, "c1"));
        Assert.Equal(200, query.StatusCode);
        var contact = Assert.Single(Contacts(query));
        Assert.Equal("sip:1000@10.0.0.6:5062", contact.Uri.ToString());
        Assert.Equal("480", contact.Parameters.Get("expires"));

        _h.Clock.Advance(TimeSpan.FromSeconds(481));
        Assert.Empty(_h.Registrar.BindingsOfDn("1000"));
        Assert.Empty(_h.Registrar.Snapshot());
        Assert.Equal(1, _h.Registrar.PurgeExpired());
    }

    [Fact]
    public void Refresh_extends_the_binding_without_duplicating_it()
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@Phone.Example:5062>", "Expires: 120"));
        _h.Clock.Advance(TimeSpan.FromSeconds(100));

        // Same contact spelled differently (host case, §19.1.4) refreshes it.
        var ok = Reauthenticated(Register("1000", 3, "c1", "Contact: <sip:1000@phone.example:5062>", "Expires: 120"));
        Assert.Equal(200, ok.StatusCode);
        Assert.Single(Contacts(ok));
        Assert.Equal(120, ExpiresOf(ok, "sip:1000@phone.example:5062"));
        Assert.Single(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
        Assert.Equal(3u, _h.Registrar.BindingsOfDevice("SEP0011AABBCC01")[0].CSeq);

        _h.Clock.Advance(TimeSpan.FromSeconds(100));
        Assert.Single(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
    }

    [Fact]
    public void Expires_zero_removes_one_contact()
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>, <sip:1000@10.0.0.6:5062>"));

        var ok = Reauthenticated(Register("1000", 3, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 0"));

        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(["sip:1000@10.0.0.6:5062"], Contacts(ok).Select(c => c.Uri.ToString()));
        Assert.Equal(["sip:1000@10.0.0.6:5062"], _h.Registrar.BindingsOfDevice("SEP0011AABBCC01").Select(b => b.Uri));

        ok = Reauthenticated(Register("1000", 4, "c1", "Contact: <sip:1000@10.0.0.6:5062>;expires=0"));
        Assert.Empty(Contacts(ok));
        Assert.Empty(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
    }

    [Fact]
    public void Star_with_expires_zero_removes_every_binding_of_the_aor()
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>, <sip:1000@10.0.0.6:5062>"));
        Assert.Equal(200, Reauthenticated(Register("1001", 1, "other", "Contact: <sip:1001@10.0.0.5:5062>")).StatusCode);

        var ok = Reauthenticated(Register("1000", 3, "c2", "Contact: *", "Expires: 0"));

        Assert.Equal(200, ok.StatusCode);
        Assert.Empty(Contacts(ok));
        // Only that AOR: the device's other line stays registered.
        Assert.Equal(["sip:1001@sipgw.local"], _h.Registrar.BindingsOfDevice("SEP0011AABBCC01").Select(b => b.Aor));
    }

    [Theory]
    [InlineData("Contact: *")]
    [InlineData("Contact: *", "Expires: 60")]
    [InlineData("Contact: *, <sip:1000@10.0.0.5:5062>", "Expires: 0")]
    [InlineData("Contact: *", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 0")]
    public void Star_needs_expires_zero_and_no_other_contact(params string[] headers)
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.9:5062>"));

        var response = _h.Send(Register("1000", 5, "c1", headers));

        Assert.Equal(400, response.StatusCode);
        Assert.Single(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
    }

    [Fact]
    public void Same_call_id_with_lower_or_equal_cseq_is_out_of_order()
    {
        Authenticated(Register("1000", 9, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 600"));
        // The binding now has CSeq 10.

        var equal = Reauthenticated(Register("1000", 10, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 0"));
        Assert.Equal(500, equal.StatusCode);
        var lower = Reauthenticated(Register("1000", 4, "c1", "Contact: <sip:1000@10.0.0.5:5062>;expires=0, <sip:1000@10.0.0.6:5062>"));
        Assert.Equal(500, lower.StatusCode);
        var star = Reauthenticated(Register("1000", 10, "c1", "Contact: *", "Expires: 0"));
        Assert.Equal(500, star.StatusCode);
        // Nothing changed, not even the new contact of the failed request.
        Assert.Equal(["sip:1000@10.0.0.5:5062"], _h.Registrar.BindingsOfDevice("SEP0011AABBCC01").Select(b => b.Uri));

        // Another Call-ID (a rebooted phone) may use any CSeq.
        var other = Reauthenticated(Register("1000", 1, "c2", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 0"));
        Assert.Equal(200, other.StatusCode);
        Assert.Empty(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
    }

    [Fact]
    public void The_same_contact_twice_in_one_request_is_not_out_of_order()
    {
        var ok = Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>;expires=100, <sip:1000@10.0.0.5:5062>;expires=200"));
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(200, ExpiresOf(ok, "sip:1000@10.0.0.5:5062"));
    }

    [Fact]
    public void Wrong_password_is_challenged_again_and_registers_nothing()
    {
        var (_, response) = _h.SendAuthenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>"), new DigestClient("alice", "wrong"));

        Assert.Equal(401, response.StatusCode);
        Assert.All(response.Headers.GetFields(HeaderId.WwwAuthenticate), v => Assert.False(DigestChallenge.Parse(v).Stale));
        Assert.Empty(_h.Registrar.Snapshot());
    }

    [Fact]
    public void Unknown_user_is_challenged_again()
    {
        var (_, response) = _h.SendAuthenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>"), new DigestClient("mallory", "alicepw"));
        Assert.Equal(401, response.StatusCode);
        Assert.Empty(_h.Registrar.Snapshot());
    }

    [Fact]
    public void Registering_another_devices_aor_is_forbidden()
    {
        var response = Authenticated(Register("2000", 1, "c1", "Contact: <sip:2000@10.0.0.5:5062>"));
        Assert.Equal(403, response.StatusCode);
        Assert.Empty(_h.Registrar.BindingsOfDn("2000"));

        response = Reauthenticated(Register("9999", 3, "c1", "Contact: <sip:9999@10.0.0.5:5062>"));
        Assert.Equal(403, response.StatusCode);

        // Its own account name is fine.
        Assert.Equal(200, Reauthenticated(Register("alice", 4, "c1", "Contact: <sip:alice@10.0.0.5:5062>")).StatusCode);
    }

    [Fact]
    public void Credentials_for_another_realm_are_ignored_and_challenged()
    {
        var foreign = new DigestChallenge { Realm = "other.example", Nonce = "abc", Algorithm = "MD5", Qop = ["auth"] };
        var request = Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>");
        request.Headers.Add(HeaderId.Authorization, _alice.Answer(foreign, "REGISTER", request.RequestUriText).ToString());

        var response = _h.Send(request);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("sipgw.local", DigestChallenge.Parse(response.Headers[HeaderId.WwwAuthenticate]!).Realm);
    }

    [Fact]
    public void Expired_nonce_gets_stale_true_and_the_phone_recovers()
    {
        Authenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>"));
        _h.Clock.Advance(TimeSpan.FromMinutes(6));

        var stale = Reauthenticated(Register("1000", 3, "c1", "Contact: <sip:1000@10.0.0.5:5062>"));
        Assert.Equal(401, stale.StatusCode);
        Assert.All(stale.Headers.GetFields(HeaderId.WwwAuthenticate), v => Assert.True(DigestChallenge.Parse(v).Stale));

        var retry = Register("1000", 4, "c1", "Contact: <sip:1000@10.0.0.5:5062>");
        Assert.True(_alice.TryAuthorize(retry, stale));
        Assert.Equal(200, _h.Send(retry).StatusCode);
    }

    [Fact]
    public void Replayed_register_is_refused()
    {
        var request = Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 0");
        Authenticated(Register("1000", 1, "c0", "Contact: <sip:1000@10.0.0.5:5062>"));
        Assert.True(_alice.TryAuthorize(request, _lastChallenge));
        Assert.Equal(200, _h.Send(request).StatusCode);
        Authenticated(Register("1000", 5, "c2", "Contact: <sip:1000@10.0.0.5:5062>"));

        // An attacker replays the captured unregister: same nonce and nc.
        var replay = _h.Send(Copy(request));
        Assert.Equal(401, replay.StatusCode);
        Assert.Single(_h.Registrar.BindingsOfDevice("SEP0011AABBCC01"));
    }

    [Fact]
    public void Malformed_authorization_is_a_400()
    {
        var request = Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>",
            "Authorization: Digest username=\"alice\", realm=\"sipgw.local\", uri=\"sip:sipgw.local\", response=\"00\"");
        var response = _h.Send(request);
        Assert.Equal(400, response.StatusCode);
        Assert.Contains("missing nonce", response.ReasonPhrase);
    }

    [Fact]
    public void Authorization_uri_other_than_the_request_uri_is_a_400()
    {
        var challenge = _h.Send(Register("1000", 1, "c1"));
        var request = Register("1000", 2, "c1", "Contact: <sip:1000@10.0.0.5:5062>");
        var chosen = DigestClient.Choose(challenge.Headers.GetFields(HeaderId.WwwAuthenticate).Select(DigestChallenge.Parse))!;
        request.Headers.Add(HeaderId.Authorization, _alice.Answer(chosen, "REGISTER", "sip:elsewhere.example").ToString());
        Assert.Equal(400, _h.Send(request).StatusCode);
    }

    [Fact]
    public void Binding_keeps_the_real_source_for_nat()
    {
        var natted = new SipEndPoint(SipTransportKind.Tcp, IPEndPoint.Parse("203.0.113.7:40123"));
        var request = Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>");
        var (_, ok) = _h.SendAuthenticated(request, _alice, natted);

        Assert.Equal(200, ok.StatusCode);
        var binding = Assert.Single(_h.Registrar.BindingsOfDn("1000"));
        Assert.Equal(natted, binding.Source);
        Assert.Equal("sip:1000@10.0.0.5:5062", binding.Uri);
        var contact = _h.Registrar.Snapshot().Single().Contacts.Single();
        Assert.Equal("203.0.113.7:40123", contact.Source);
        Assert.Equal("tcp", contact.Transport);
    }

    [Fact]
    public void Shared_dn_looks_up_every_device_with_that_line()
    {
        Authenticated(Register("1000", 1, "a", "Contact: <sip:1000@10.0.0.5:5062>"));
        var (_, ok) = _h.SendAuthenticated(Register("1000", 1, "b", "Contact: <sip:1000@10.0.0.8:5062>"), new DigestClient("bob", "bobpw"));
        Assert.Equal(200, ok.StatusCode);
        // The 200 lists every binding of the AOR, whichever device made it.
        Assert.Equal(2, Contacts(ok).Count);
        Authenticated(Register("1001", 3, "a", "Contact: <sip:1001@10.0.0.5:5062>"));

        Assert.Equal(["SEP0011AABBCC01", "SEP0011AABBCC02"], _h.Registrar.BindingsOfDn("1000").Select(b => b.Device).Distinct().Order());
        Assert.Equal(3, _h.Registrar.BindingsOfDn("1000").Count); // alice's two AORs + bob's
        Assert.Equal(["SEP0011AABBCC02"], _h.Registrar.BindingsOfDn("2000").Select(b => b.Device));
        Assert.Empty(_h.Registrar.BindingsOfDn("5555"));
        Assert.Equal(2, _h.Registrar.BindingsOfAor(SipUri.Parse("sip:1000@SIPGW.local")).Count);
    }

    [Fact]
    public void Snapshot_is_grouped_by_device_and_aor_and_serializes_to_the_api_shape()
    {
        Authenticated(Register("1000", 1, "a", "Contact: <sip:1000@10.0.0.5:5062>;expires=600"));
        Authenticated(Register("1001", 1, "b", "Contact: <sip:1001@10.0.0.5:5062>;expires=300"));
        _h.Clock.Advance(TimeSpan.FromSeconds(10));

        var snapshot = _h.Registrar.Snapshot();

        Assert.Equal(["sip:1000@sipgw.local", "sip:1001@sipgw.local"], snapshot.Select(r => r.Aor));
        Assert.All(snapshot, r => Assert.Equal("SEP0011AABBCC01", r.Device));
        var json = JsonSerializer.Serialize(snapshot, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        using var doc = JsonDocument.Parse(json);
        var first = doc.RootElement[0];
        Assert.Equal("SEP0011AABBCC01", first.GetProperty("device").GetString());
        var c = first.GetProperty("contacts")[0];
        Assert.Equal("sip:1000@10.0.0.5:5062", c.GetProperty("uri").GetString());
        Assert.Equal("192.0.2.10:5062", c.GetProperty("source").GetString());
        Assert.Equal("udp", c.GetProperty("transport").GetString());
        Assert.Equal(590, c.GetProperty("expiresIn").GetInt32());
        Assert.Equal("TestPhone/1.0", c.GetProperty("userAgent").GetString());
    }

    [Fact]
    public void Contacts_per_aor_are_bounded_dropping_the_stalest()
    {
        var h = new RegistrarHarness(new RegistrarOptions { Realm = "sipgw.local", MaxContactsPerAor = 2 });
        for (int i = 1; i <= 3; i++)
        {
            var (_, ok) = h.SendAuthenticated(Register("1000", 1, $"boot{i}", $"Contact: <sip:1000@10.0.0.{i}:5062>"), _alice);
            Assert.Equal(200, ok.StatusCode);
            h.Clock.Advance(TimeSpan.FromSeconds(1));
        }
        Assert.Equal(["sip:1000@10.0.0.2:5062", "sip:1000@10.0.0.3:5062"], h.Registrar.BindingsOfDn("1000").Select(b => b.Uri).Order());

        var (_, tooMany) = h.SendAuthenticated(Register("1000", 1, "x",
            "Contact: <sip:1000@10.0.1.1>, <sip:1000@10.0.1.2>, <sip:1000@10.0.1.3>"), _alice);
        Assert.Equal(403, tooMany.StatusCode);
    }

    [Fact]
    public void Devices_sharing_an_auth_user_are_told_apart_by_password_and_aor()
    {
        var h = new RegistrarHarness(null,
            new DeviceCredential("DESK", "carol", "deskpw", ["3000"]),
            new DeviceCredential("SOFT", "carol", "softpw", ["3001"]));

        var (_, soft) = h.SendAuthenticated(Register("3001", 1, "s", "Contact: <sip:3001@10.0.0.5>"), new DigestClient("carol", "softpw"));
        var (_, desk) = h.SendAuthenticated(Register("3000", 1, "d", "Contact: <sip:3000@10.0.0.6>"), new DigestClient("carol", "deskpw"));
        var (_, cross) = h.SendAuthenticated(Register("3000", 1, "x", "Contact: <sip:3000@10.0.0.7>"), new DigestClient("carol", "softpw"));

        Assert.Equal(200, soft.StatusCode);
        Assert.Equal(200, desk.StatusCode);
        Assert.Equal(403, cross.StatusCode);
        Assert.Equal(["SOFT"], h.Registrar.BindingsOfDn("3001").Select(b => b.Device));
        Assert.Equal(["DESK"], h.Registrar.BindingsOfDn("3000").Select(b => b.Device));
    }

    [Fact]
    public void Concurrent_registrations_all_land()
    {
        var devices = Enumerable.Range(0, 40).Select(i => new DeviceCredential($"D{i}", $"u{i}", $"p{i}", [$"{4000 + i}"])).ToArray();
        var h = new RegistrarHarness(null, devices);

        Parallel.For(0, devices.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var client = new DigestClient($"u{i}", $"p{i}");
            for (int n = 0; n < 5; n++)
            {
                var (_, ok) = h.SendAuthenticated(Register($"{4000 + i}", (uint)(1 + 2 * n), $"c{i}", $"Contact: <sip:{4000 + i}@10.1.0.{i}:{5060 + n}>"), client);
                Assert.Equal(200, ok.StatusCode);
            }
        });

        Assert.Equal(40, h.Registrar.Snapshot().Count);
        Assert.All(devices, d => Assert.Equal(5, h.Registrar.BindingsOfDevice(d.Name).Count));
    }

    [Fact]
    public void Non_register_is_refused_by_the_api()
    {
        var options = HarnessRequest("OPTIONS");
        Assert.Throws<ArgumentException>(() => _h.Send(options));
    }

    private static SipRequest HarnessRequest(string method) => Parse(
        $"{method} sip:sipgw.local SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: x\r\nCSeq: 1 {method}\r\n\r\n");
}
