using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Auth.Tests;

public class DigestClientTests
{
    private static DigestChallenge C(string text) => DigestChallenge.Parse(text);

    [Fact]
    public void Choose_prefers_sha256_over_md5_whatever_the_order()
    {
        var chosen = DigestClient.Choose([
            C("Digest realm=\"r\", nonce=\"1\", algorithm=MD5, qop=\"auth\""),
            C("Digest realm=\"r\", nonce=\"2\", algorithm=SHA-256, qop=\"auth\""),
        ]);
        Assert.Equal("2", chosen!.Nonce);
    }

    [Fact]
    public void Choose_skips_what_it_cannot_answer()
    {
        Assert.Null(DigestClient.Choose([
            C("Digest realm=\"r\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\""),
            C("Digest realm=\"r\", nonce=\"2\", algorithm=MD5, qop=\"auth-int\""),
        ]));
        Assert.Equal("3", DigestClient.Choose([
            C("Digest realm=\"r\", nonce=\"1\", algorithm=SHA-512-256, qop=\"auth\""),
            C("Digest realm=\"r\", nonce=\"3\""),
        ])!.Nonce);
    }

    [Fact]
    public void Nonce_count_increases_per_nonce_and_restarts_for_a_new_one()
    {
        var client = new DigestClient("u", "p");
        var a = C("Digest realm=\"r\", nonce=\"a\", qop=\"auth\"");
        var b = C("Digest realm=\"r\", nonce=\"b\", qop=\"auth\"");

        Assert.Equal(1u, client.Answer(a, "REGISTER", "sip:r").NonceCount);
        Assert.Equal(2u, client.Answer(a, "REGISTER", "sip:r").NonceCount);
        Assert.Equal(1u, client.Answer(b, "REGISTER", "sip:r").NonceCount);
        Assert.Equal(3u, client.Answer(a, "REGISTER", "sip:r").NonceCount);
    }

    [Fact]
    public void Cnonce_is_random_by_default()
    {
        var client = new DigestClient("u", "p");
        var a = C("Digest realm=\"r\", nonce=\"a\", qop=\"auth\"");
        var first = client.Answer(a, "REGISTER", "sip:r").Cnonce;
        var second = client.Answer(a, "REGISTER", "sip:r").Cnonce;
        Assert.NotEqual(first, second);
        Assert.Equal(32, first!.Length);
    }

    [Fact]
    public void Authorize_answers_the_compact_freeswitch_401_and_replaces_old_credentials()
    {
        var challenge = TestData.Response("real-messages/djangopbx-freeswitch-401-compact.txt");
        var request = TestData.Request("real-messages/yealink-t27g-register-initial.txt".Replace("-initial", ""));
        var client = new DigestClient("201", "pw", () => "724116085");

        Assert.True(client.TryAuthorize(request, challenge));

        var values = request.Headers.GetFields(HeaderId.Authorization).ToList();
        Assert.Single(values);
        var c = DigestCredentials.Parse(values[0]);
        Assert.Equal("test21.djangopbx.com", c.Realm);
        Assert.Equal("ab84b282-99e9-41f2-87bd-e78aff5fdf07", c.Nonce);
        Assert.Equal("sip:test21.djangopbx.com:5060", c.Uri);
        Assert.True(DigestVerifier.CheckResponse(c, "REGISTER", DigestSecret.FromPassword("pw")));
    }

    [Fact]
    public void Authorize_returns_false_without_a_usable_challenge()
    {
        var request = (SipRequest)SipParser.ParseText(
            "REGISTER sip:r SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nFrom: <sip:u@r>;tag=1\r\nTo: <sip:u@r>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\n\r\n");
        var response = SipResponseFactory.Create(request, 401);
        response.Headers.Add(HeaderId.WwwAuthenticate, "Basic realm=\"r\"");

        Assert.False(new DigestClient("u", "p").TryAuthorize(request, response));
        Assert.Null(request.Headers[HeaderId.Authorization]);
    }
}
