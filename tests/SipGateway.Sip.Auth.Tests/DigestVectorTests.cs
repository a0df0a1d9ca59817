using SipGateway.Sip.Message;

namespace SipGateway.Sip.Auth.Tests;

/// <summary>Known answers: RFC 7616 §3.9.1, RFC 2617 §3.5 and real phones' REGISTERs.</summary>
public class DigestVectorTests
{
    private const string Rfc7616Nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
    private const string Rfc7616Cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
    private const string Rfc7616Opaque = "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS";

    private static DigestChallenge Rfc7616Challenge(string algorithm) => DigestChallenge.Parse(
        $"Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={algorithm}, nonce=\"{Rfc7616Nonce}\", opaque=\"{Rfc7616Opaque}\"");

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Client_answers_rfc7616_examples(string algorithm, string expected)
    {
        var client = new DigestClient("Mufasa", "Circle of Life", () => Rfc7616Cnonce);

        var credentials = client.Answer(Rfc7616Challenge(algorithm), "GET", "/dir/index.html");

        Assert.Equal(expected, credentials.Response);
        Assert.Equal("auth", credentials.Qop);
        Assert.Equal("00000001", credentials.NonceCountText);
        Assert.Equal(Rfc7616Opaque, credentials.Opaque);
        var text = credentials.ToString();
        Assert.Contains($"response=\"{expected}\"", text);
        Assert.Contains("nc=00000001", text);
        Assert.Contains($"algorithm={algorithm}", text);
    }

    [Theory]
    [InlineData("MD5", "8ca523f5e9506fed4657c9700eebdbec")]
    [InlineData("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")]
    public void Server_checks_rfc7616_authorization_as_printed(string algorithm, string response)
    {
        // The Authorization header of RFC 7616 §3.9.1, folded over several lines as in the RFC.
        var header = $"Digest username=\"Mufasa\",\r\n    realm=\"http-auth@example.org\",\r\n    uri=\"/dir/index.html\",\r\n" +
                     $"    algorithm={algorithm},\r\n    nonce=\"{Rfc7616Nonce}\",\r\n    nc=00000001,\r\n    cnonce=\"{Rfc7616Cnonce}\",\r\n" +
                     $"    qop=auth,\r\n    response=\"{response}\",\r\n    opaque=\"{Rfc7616Opaque}\"";
        var credentials = DigestCredentials.Parse(header);

        Assert.True(DigestVerifier.CheckResponse(credentials, "GET", DigestSecret.FromPassword("Circle of Life")));
        Assert.False(DigestVerifier.CheckResponse(credentials, "GET", DigestSecret.FromPassword("Circle Of Life")));
        Assert.False(DigestVerifier.CheckResponse(credentials, "POST", DigestSecret.FromPassword("Circle of Life")));
    }

    [Fact]
    public void Server_checks_rfc2617_example()
    {
        var credentials = DigestCredentials.Parse(
            "Digest username=\"Mufasa\", realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", " +
            "uri=\"/dir/index.html\", qop=auth, nc=00000001, cnonce=\"0a4f113b\", " +
            "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");

        Assert.True(DigestVerifier.CheckResponse(credentials, "GET", DigestSecret.FromPassword("Circle Of Life")));
    }

    [Fact]
    public void Polycom_vvx350_register_verifies_with_its_password()
    {
        var request = TestData.Request("real-messages/polycom-vvx350-register.txt");
        var credentials = DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!);

        Assert.Equal("1013", credentials.Username);
        Assert.Equal("pierrefouquet.babblevoice.com", credentials.Realm);
        Assert.Equal("sip:pierrefouquet.babblevoice.com;transport=udp", credentials.Uri);
        Assert.Equal("59ea226be29c979bb10105e8ba654779", credentials.Opaque);
        Assert.Equal(1u, credentials.NonceCount);
        Assert.Equal("ab709ea589a580790e2e1cea141f7107", credentials.Response);
        Assert.True(DigestVerifier.CheckResponse(credentials, request.Method, DigestSecret.FromPassword("sometestsecret")));
        Assert.False(DigestVerifier.CheckResponse(credentials, request.Method, DigestSecret.FromPassword("sometestsecreT")));
    }

    [Fact]
    public void Polycom_vvx350_register_verifies_with_precomputed_ha1()
    {
        var request = TestData.Request("real-messages/polycom-vvx350-register.txt");
        var credentials = DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!);
        var ha1 = DigestResponse.Ha1(DigestAlgorithm.Md5, "1013", "pierrefouquet.babblevoice.com", "sometestsecret");

        Assert.True(DigestVerifier.CheckResponse(credentials, request.Method, DigestSecret.FromHa1(DigestAlgorithm.Md5, ha1.ToUpperInvariant())));
        // An HA1 for another algorithm cannot verify an MD5 answer.
        Assert.False(DigestVerifier.CheckResponse(credentials, request.Method, DigestSecret.FromHa1(DigestAlgorithm.Sha256, ha1)));
    }

    [Fact]
    public void Zoiper_register_without_spaces_verifies()
    {
        var request = TestData.Request("real-messages/zoiper-2.10-register.txt");
        var credentials = DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!);

        Assert.Equal("1002", credentials.Username);
        Assert.Equal("192.168.31.109", credentials.Realm);
        Assert.Equal(2u, credentials.NonceCount);
        Assert.Equal("b3468b9ac6827d7c51e85ef96618190f", credentials.Cnonce);
        Assert.True(DigestVerifier.CheckResponse(credentials, "REGISTER", DigestSecret.FromPassword("1234")));
        Assert.False(DigestVerifier.CheckResponse(credentials, "REGISTER", DigestSecret.FromPassword("12345")));
    }

    [Fact]
    public void Client_reproduces_the_polycom_response()
    {
        var request = TestData.Request("real-messages/polycom-vvx350-register.txt");
        var sent = DigestCredentials.Parse(request.Headers[HeaderId.Authorization]!);
        var challenge = new DigestChallenge
        {
            Realm = sent.Realm, Nonce = sent.Nonce, Opaque = sent.Opaque, Algorithm = "MD5", Qop = ["auth"],
        };
        var client = new DigestClient("1013", "sometestsecret", () => sent.Cnonce!);

        var answer = client.Answer(challenge, request.Method, request.RequestUriText);

        Assert.Equal("ab709ea589a580790e2e1cea141f7107", answer.Response);
    }
}
