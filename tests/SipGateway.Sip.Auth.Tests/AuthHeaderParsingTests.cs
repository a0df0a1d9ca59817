using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth.Tests;

public class AuthHeaderParsingTests
{
    [Fact]
    public void Challenge_reads_quoted_escapes_case_insensitive_names_and_unknown_params()
    {
        var c = DigestChallenge.Parse(
            "digest REALM=\"a \\\"quoted\\\" realm\\\\x\", Nonce=abc/def=, qop=\"auth,auth-int\", STALE=TRUE, algorithm=sha-256, x-vendor=\"v, 1\", foo=bar");

        Assert.Equal("a \"quoted\" realm\\x", c.Realm);
        Assert.Equal("abc/def=", c.Nonce);
        Assert.Equal(["auth", "auth-int"], c.Qop);
        Assert.True(c.Stale);
        Assert.True(DigestAlgorithm.TryGet(c.Algorithm, out var a));
        Assert.Same(DigestAlgorithm.Sha256, a);
        Assert.Equal(2, c.Extensions.Count);
        Assert.Equal(new AuthParameter("x-vendor", "v, 1", true), c.Extensions[0]);
        Assert.Equal(new AuthParameter("foo", "bar", false), c.Extensions[1]);
    }

    [Fact]
    public void Challenge_round_trips_through_its_text()
    {
        var original = new DigestChallenge
        {
            Realm = "r\"1", Nonce = "n", Opaque = "o", Stale = true, Algorithm = "SHA-256", Qop = ["auth"],
            Extensions = [new AuthParameter("x", "y z", true)],
        };
        var text = original.ToString();
        var parsed = DigestChallenge.Parse(text);

        Assert.StartsWith("Digest realm=\"r\\\"1\"", text);
        Assert.Contains("qop=\"auth\"", text);
        Assert.Equal(original.Realm, parsed.Realm);
        Assert.Equal(original.Opaque, parsed.Opaque);
        Assert.True(parsed.Stale);
        Assert.Equal("SHA-256", parsed.Algorithm);
        Assert.Equal(original.Extensions, parsed.Extensions);
        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public void Stale_false_and_absent_read_as_false()
    {
        Assert.False(DigestChallenge.Parse("Digest realm=\"r\", nonce=\"n\", stale=FALSE").Stale);
        Assert.False(DigestChallenge.Parse("Digest realm=\"r\", nonce=\"n\"").Stale);
    }

    [Theory]
    [InlineData("Basic realm=\"r\"", "unsupported authentication scheme 'Basic'")]
    [InlineData("NoOneKnowsThisScheme opaque-data=here", "unsupported authentication scheme 'NoOneKnowsThisScheme'")]
    [InlineData("Digest nonce=\"n\"", "missing realm")]
    [InlineData("Digest realm=\"r\"", "missing nonce")]
    [InlineData("Digest realm=\"r\", realm=\"s\", nonce=n", "parameter 'realm' appears twice")]
    [InlineData("Digest realm=\"r, nonce=n", "unterminated quoted string for 'realm'")]
    [InlineData("Digest realm", "parameter 'realm' has no value")]
    [InlineData("", "empty value")]
    public void Bad_challenges_are_rejected_with_a_reason(string text, string reason)
    {
        Assert.False(DigestChallenge.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Fact]
    public void Unknown_scheme_still_parses_as_a_generic_value()
    {
        // RFC 4475 §3.3.7 (regaut01): the header is syntactically fine, just not Digest.
        Assert.True(AuthHeaderValue.TryParse("NoOneKnowsThisScheme opaque-data=here", out var v, out _));
        Assert.False(v.IsDigest);
        Assert.Equal("here", v.Get("OPAQUE-DATA"));
    }

    [Theory]
    [InlineData("username", "missing username")]
    [InlineData("realm", "missing realm")]
    [InlineData("nonce", "missing nonce")]
    [InlineData("uri", "missing uri")]
    [InlineData("response", "missing response")]
    [InlineData("cnonce", "qop without cnonce")]
    [InlineData("nc", "qop without nc")]
    public void Credentials_missing_a_field_are_rejected(string field, string reason)
    {
        var fields = new Dictionary<string, string>
        {
            ["username"] = "username=\"u\"", ["realm"] = "realm=\"r\"", ["nonce"] = "nonce=\"n\"", ["uri"] = "uri=\"sip:r\"",
            ["response"] = "response=\"0123\"", ["cnonce"] = "cnonce=\"c\"", ["nc"] = "nc=00000001", ["qop"] = "qop=auth",
        };
        fields.Remove(field);
        var text = "Digest " + string.Join(", ", fields.Values);

        Assert.False(DigestCredentials.TryParse(text, out _, out var error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [InlineData("nc=1")]
    [InlineData("nc=0000000g")]
    [InlineData("nc=000000001")]
    public void Malformed_nonce_count_is_rejected(string nc)
    {
        var text = $"Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\", qop=auth, cnonce=\"c\", {nc}";
        Assert.False(DigestCredentials.TryParse(text, out _, out var error));
        Assert.StartsWith("malformed nc", error);
    }

    [Fact]
    public void Credentials_without_qop_need_no_cnonce_or_nc()
    {
        var c = DigestCredentials.Parse("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\"");
        Assert.Null(c.Qop);
        Assert.Null(c.NonceCount);
        Assert.Equal("Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\"", c.ToString());
    }

    [Fact]
    public void Credentials_tolerate_quoted_qop_and_nc_and_keep_unknown_params()
    {
        var c = DigestCredentials.Parse(
            "Digest username=\"u\", realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\", qop=\"auth\", nc=\"0000000a\", cnonce=\"c\", x-extra=\"1\"");
        Assert.Equal("auth", c.Qop);
        Assert.Equal(10u, c.NonceCount);
        Assert.Single(c.Extensions);
        Assert.EndsWith("nc=0000000a, x-extra=\"1\"", c.ToString());
    }

    [Fact]
    public void Extended_username_is_decoded()
    {
        // RFC 7616 §3.9.2 style: username* carries a UTF-8 name.
        var c = DigestCredentials.Parse(
            "Digest username*=UTF-8''J%C3%A4s%C3%B8n%20Doe, realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\"");
        Assert.Equal("Jäsøn Doe", c.Username);
        Assert.False(DigestCredentials.TryParse(
            "Digest username=\"a\", username*=UTF-8''b, realm=\"r\", nonce=\"n\", uri=\"sip:r\", response=\"x\"", out _, out var error));
        Assert.Equal("both username and username* present", error);
    }

    [Fact]
    public void Compact_401_challenge_from_freeswitch_parses()
    {
        var response = TestData.Response("real-messages/djangopbx-freeswitch-401-compact.txt");
        var c = DigestChallenge.Parse(response.Headers[HeaderId.WwwAuthenticate]!);

        Assert.Equal("test21.djangopbx.com", c.Realm);
        Assert.Equal("ab84b282-99e9-41f2-87bd-e78aff5fdf07", c.Nonce);
        Assert.Equal("MD5", c.Algorithm);
        Assert.True(c.OffersQop("auth"));
    }

    [Fact]
    public void Yealink_credentials_parse()
    {
        var request = TestData.Request("real-messages/yealink-t27g-register.txt");
        var c = DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!);
        Assert.Equal("201", c.Username);
        Assert.Equal("724116085", c.Cnonce);
        Assert.Equal(1u, c.NonceCount);
        Assert.Equal("da7aa1369e6df8128ac5263909e0f9be", c.Response);
    }

    [Theory]
    [InlineData(null, "MD5")]
    [InlineData("md5", "MD5")]
    [InlineData("MD5-SESS", "MD5-sess")]
    [InlineData("SHA-256", "SHA-256")]
    [InlineData("sha-256-sess", "SHA-256-sess")]
    public void Algorithms_are_found_case_insensitively(string? name, string expected)
    {
        Assert.True(DigestAlgorithm.TryGet(name, out var a));
        Assert.Equal(expected, a.Name);
    }

    [Theory]
    [InlineData("SHA-512-256")]
    [InlineData("AKAv1-MD5")]
    [InlineData("")]
    public void Unknown_algorithms_are_refused(string name) => Assert.False(DigestAlgorithm.TryGet(name, out _));
}
