using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Auth.Tests;

public class DigestVerifierTests
{
    private const string Realm = "sipgw.local";
    private readonly ManualClock _clock = new();
    private readonly DigestVerifier _verifier;
    private readonly DigestSecret _secret = DigestSecret.FromPassword("s3cret");

    public DigestVerifierTests()
    {
        _verifier = new DigestVerifier(Realm, new NonceIssuer(_clock, TimeSpan.FromMinutes(5)));
    }

    private static SipRequest Register(int cseq = 1, string uri = "sip:sipgw.local") => (SipRequest)SipParser.ParseText(
        $"REGISTER {uri} SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-" + cseq + "\r\n" +
        "From: <sip:1000@sipgw.local>;tag=abc\r\n" +
        "To: <sip:1000@sipgw.local>\r\n" +
        "Call-ID: call-1\r\n" +
        $"CSeq: {cseq} REGISTER\r\n" +
        "Contact: <sip:1000@127.0.0.1:5070>\r\n" +
        "Content-Length: 0\r\n\r\n");

    /// <summary>Sends the request, takes the 401, answers it with the client, and returns the authorized request.</summary>
    private SipRequest Authorized(DigestClient client, int cseq = 2, bool stale = false)
    {
        var challenge = _verifier.CreateChallengeResponse(Register(cseq - 1), stale, "totag");
        var request = Register(cseq);
        Assert.True(client.TryAuthorize(request, challenge));
        return request;
    }

    private DigestVerification Verify(SipRequest request, DigestSecret? secret = null)
    {
        Assert.True(_verifier.TryFindCredentials(request, out var credentials, out var error), error);
        if (credentials is null) return new DigestVerification(DigestOutcome.Missing);
        return _verifier.Verify(request, credentials, secret ?? _secret);
    }

    [Fact]
    public void Challenge_offers_sha256_first_then_md5_with_qop_auth()
    {
        var response = _verifier.CreateChallengeResponse(Register(), toTag: "t1");

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("t1", response.ToTag);
        var challenges = response.Headers.GetFields(HeaderId.WwwAuthenticate).Select(DigestChallenge.Parse).ToList();
        Assert.Equal(["SHA-256", "MD5"], challenges.Select(c => c.Algorithm));
        Assert.All(challenges, c => Assert.Equal(Realm, c.Realm));
        Assert.All(challenges, c => Assert.Equal(["auth"], c.Qop));
        Assert.All(challenges, c => Assert.False(c.Stale));
    }

    [Fact]
    public void Proxy_challenge_is_a_407_with_proxy_authenticate()
    {
        var response = _verifier.CreateChallengeResponse(Register(), proxy: true);
        Assert.Equal(407, response.StatusCode);
        Assert.Equal(2, response.Headers.GetFields(HeaderId.ProxyAuthenticate).Count());
        Assert.Empty(response.Headers.GetFields(HeaderId.WwwAuthenticate));

        var request = Register(2);
        Assert.True(new DigestClient("1000", "s3cret").TryAuthorize(request, response));
        Assert.NotNull(request.Headers[HeaderId.ProxyAuthorization]);
        Assert.True(_verifier.TryFindCredentials(request, out var c, out _, proxy: true));
        Assert.True(_verifier.Verify(request, c!, _secret).IsAuthenticated);
    }

    [Fact]
    public void Request_without_credentials_is_missing()
    {
        Assert.Equal(DigestOutcome.Missing, Verify(Register()).Outcome);
    }

    [Fact]
    public void Client_answer_with_right_password_authenticates_using_sha256()
    {
        var request = Authorized(new DigestClient("1000", "s3cret"));

        Assert.Contains("algorithm=SHA-256", request.Headers[HeaderId.Authorization]);
        Assert.Equal(DigestOutcome.Authenticated, Verify(request).Outcome);
    }

    [Fact]
    public void Md5_only_client_authenticates_too()
    {
        var challenge = _verifier.CreateChallengeResponse(Register());
        var md5 = challenge.Headers.GetFields(HeaderId.WwwAuthenticate).Select(DigestChallenge.Parse).Single(c => c.Algorithm == "MD5");
        var request = Register(2);
        request.Headers.Add(HeaderId.Authorization, new DigestClient("1000", "s3cret").Answer(md5, "REGISTER", request.RequestUriText).ToString());

        Assert.Equal(DigestOutcome.Authenticated, Verify(request).Outcome);
    }

    [Fact]
    public void Wrong_password_is_a_wrong_response()
    {
        var request = Authorized(new DigestClient("1000", "guess"));
        Assert.Equal(DigestOutcome.WrongResponse, Verify(request).Outcome);
    }

    [Fact]
    public void Precomputed_ha1_secret_verifies()
    {
        var request = Authorized(new DigestClient("1000", "s3cret"));
        var secret = DigestSecret.FromHa1(DigestAlgorithm.Sha256, DigestResponse.Ha1(DigestAlgorithm.Sha256, "1000", Realm, "s3cret"));
        Assert.Equal(DigestOutcome.Authenticated, Verify(request, secret).Outcome);
    }

    [Fact]
    public void Credentials_for_another_realm_are_not_ours()
    {
        var challenge = new DigestChallenge { Realm = "elsewhere", Nonce = "n", Algorithm = "MD5", Qop = ["auth"] };
        var request = Register(2);
        request.Headers.Add(HeaderId.Authorization, new DigestClient("1000", "s3cret").Answer(challenge, "REGISTER", request.RequestUriText).ToString());

        Assert.True(_verifier.TryFindCredentials(request, out var credentials, out _));
        Assert.Null(credentials);
        Assert.Equal(DigestOutcome.RealmMismatch, _verifier.Verify(request, DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!), _secret).Outcome);
    }

    [Fact]
    public void Expired_nonce_with_right_password_is_stale()
    {
        var request = Authorized(new DigestClient("1000", "s3cret"));
        _clock.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var result = Verify(request);
        Assert.Equal(DigestOutcome.Stale, result.Outcome);
        Assert.True(result.IsStale);

        var again = _verifier.CreateChallengeResponse(request, stale: result.IsStale);
        Assert.All(again.Headers.GetFields(HeaderId.WwwAuthenticate), v => Assert.Contains("stale=true", v));
    }

    [Fact]
    public void Expired_nonce_with_wrong_password_is_not_stale()
    {
        var request = Authorized(new DigestClient("1000", "guess"));
        _clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal(DigestOutcome.WrongResponse, Verify(request).Outcome);
    }

    [Fact]
    public void Nonce_not_issued_here_with_right_password_is_stale()
    {
        // E.g. after a restart: a new random key; the client knows the password and retries silently.
        var before = new DigestVerifier(Realm, new NonceIssuer(_clock, TimeSpan.FromMinutes(5)));
        var request = Register(2);
        Assert.True(new DigestClient("1000", "s3cret").TryAuthorize(request, before.CreateChallengeResponse(Register())));
        Assert.Equal(DigestOutcome.Stale, Verify(request).Outcome);
    }

    [Fact]
    public void Replayed_nonce_count_is_rejected_and_increasing_counts_are_accepted()
    {
        var client = new DigestClient("1000", "s3cret");
        var challenge = _verifier.CreateChallengeResponse(Register());
        var first = Register(2);
        client.TryAuthorize(first, challenge);
        Assert.Equal(DigestOutcome.Authenticated, Verify(first).Outcome);

        // The same bytes again (a captured request replayed).
        var replay = (SipRequest)SipParser.ParseText(first.ToString());
        Assert.Equal(DigestOutcome.Replayed, Verify(replay).Outcome);

        // The client reusing the nonce sends nc=2: fine.
        var second = Register(3);
        client.TryAuthorize(second, challenge);
        Assert.Contains("nc=00000002", second.Headers[HeaderId.Authorization]);
        Assert.Equal(DigestOutcome.Authenticated, Verify(second).Outcome);
    }

    [Fact]
    public void Wrong_password_does_not_use_up_the_nonce_count()
    {
        var challenge = _verifier.CreateChallengeResponse(Register());
        var forged = Register(2);
        new DigestClient("1000", "guess").TryAuthorize(forged, challenge);
        Assert.Equal(DigestOutcome.WrongResponse, Verify(forged).Outcome);

        var real = Register(2);
        new DigestClient("1000", "s3cret").TryAuthorize(real, challenge);
        Assert.Equal(DigestOutcome.Authenticated, Verify(real).Outcome);
    }

    [Fact]
    public void Uri_must_match_the_request_uri()
    {
        var challenge = _verifier.CreateChallengeResponse(Register());
        var request = Register(2);
        var c = DigestChallenge.Parse(challenge.Headers[HeaderId.WwwAuthenticate]!);
        request.Headers.Add(HeaderId.Authorization, new DigestClient("1000", "s3cret").Answer(c, "REGISTER", "sip:other.example").ToString());

        var result = Verify(request);
        Assert.Equal(DigestOutcome.UriMismatch, result.Outcome);
        Assert.True(result.IsBadRequest);
    }

    [Fact]
    public void Equivalent_uri_spelling_is_accepted()
    {
        var challenge = _verifier.CreateChallengeResponse(Register());
        var request = Register(2, uri: "sip:SIPGW.local");
        var c = DigestChallenge.Parse(challenge.Headers[HeaderId.WwwAuthenticate]!);
        request.Headers.Add(HeaderId.Authorization, new DigestClient("1000", "s3cret").Answer(c, "REGISTER", "sip:sipgw.local").ToString());
        Assert.Equal(DigestOutcome.Authenticated, Verify(request).Outcome);
    }

    [Fact]
    public void Legacy_md5_answer_without_qop_is_accepted_but_not_for_sha256()
    {
        var nonce = DigestChallenge.Parse(_verifier.CreateChallengeResponse(Register()).Headers[HeaderId.WwwAuthenticate]!).Nonce;
        var client = new DigestClient("1000", "s3cret");

        var md5 = Register(2);
        md5.Headers.Add(HeaderId.Authorization, client.Answer(new DigestChallenge { Realm = Realm, Nonce = nonce }, "REGISTER", md5.RequestUriText).ToString());
        Assert.DoesNotContain("qop", md5.Headers[HeaderId.Authorization]);
        Assert.Equal(DigestOutcome.Authenticated, Verify(md5).Outcome);

        var sha = Register(3);
        sha.Headers.Add(HeaderId.Authorization, client.Answer(new DigestChallenge { Realm = Realm, Nonce = nonce, Algorithm = "SHA-256" }, "REGISTER", sha.RequestUriText).ToString());
        Assert.Equal(DigestOutcome.Unsupported, Verify(sha).Outcome);
    }

    [Fact]
    public void Algorithm_not_offered_is_unsupported()
    {
        var nonce = DigestChallenge.Parse(_verifier.CreateChallengeResponse(Register()).Headers[HeaderId.WwwAuthenticate]!).Nonce;
        var request = Register(2);
        request.Headers.Add(HeaderId.Authorization, new DigestClient("1000", "s3cret")
            .Answer(new DigestChallenge { Realm = Realm, Nonce = nonce, Algorithm = "MD5-sess", Qop = ["auth"] }, "REGISTER", request.RequestUriText).ToString());
        Assert.Equal(DigestOutcome.Unsupported, Verify(request).Outcome);

        var unknown = Register(3);
        unknown.Headers.Add(HeaderId.Authorization,
            $"Digest username=\"1000\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"sip:sipgw.local\", response=\"00\", algorithm=SHA-512-256, qop=auth, nc=00000001, cnonce=\"x\"");
        Assert.Equal(DigestOutcome.Unsupported, Verify(unknown).Outcome);
    }

    [Fact]
    public void Malformed_credentials_for_our_realm_are_reported()
    {
        var request = Register(2);
        request.Headers.Add(HeaderId.Authorization, $"Digest username=\"1000\", realm=\"{Realm}\", uri=\"sip:sipgw.local\", response=\"00\"");
        Assert.False(_verifier.TryFindCredentials(request, out var c, out var error));
        Assert.Null(c);
        Assert.Equal("missing nonce", error);
    }

    [Fact]
    public void Unknown_scheme_is_skipped_like_no_credentials()
    {
        // RFC 4475 §3.3.7 regaut01: a registrar that authenticates answers 401 with a Digest challenge.
        var request = Register(2);
        request.Headers.Add(HeaderId.Authorization, "NoOneKnowsThisScheme opaque-data=here");
        Assert.True(_verifier.TryFindCredentials(request, out var c, out _));
        Assert.Null(c);
    }

    [Fact]
    public void Our_realm_is_picked_among_several_authorization_headers()
    {
        var request = Authorized(new DigestClient("1000", "s3cret"));
        request.Headers.AddFirst("Authorization", "Digest username=\"x\", realm=\"other\", nonce=\"n\", uri=\"sip:sipgw.local\", response=\"00\"");
        Assert.Equal(DigestOutcome.Authenticated, Verify(request).Outcome);
    }
}
