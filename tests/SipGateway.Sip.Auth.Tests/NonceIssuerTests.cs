namespace SipGateway.Sip.Auth.Tests;

public class NonceIssuerTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void Fresh_nonce_is_valid_and_unique()
    {
        var issuer = new NonceIssuer(_clock, TimeSpan.FromSeconds(30));
        var a = issuer.Issue();
        var b = issuer.Issue();

        Assert.NotEqual(a, b);
        Assert.Equal(NonceStatus.Valid, issuer.Check(a, out var issuedAt));
        Assert.Equal(_clock.Monotonic.TotalMilliseconds, issuedAt.TotalMilliseconds, 0);
        Assert.DoesNotContain('"', a);
        Assert.DoesNotContain(',', a);
    }

    [Fact]
    public void Nonce_expires_after_its_lifetime_on_the_injected_clock()
    {
        var issuer = new NonceIssuer(_clock, TimeSpan.FromSeconds(30));
        var nonce = issuer.Issue();

        _clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(NonceStatus.Valid, issuer.Check(nonce, out _));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(NonceStatus.Expired, issuer.Check(nonce, out _));
    }

    [Fact]
    public void Altered_or_foreign_nonces_are_unknown()
    {
        var issuer = new NonceIssuer(_clock, TimeSpan.FromSeconds(30));
        var other = new NonceIssuer(_clock, TimeSpan.FromSeconds(30));
        var nonce = issuer.Issue();
        var flipped = (nonce[0] == 'A' ? 'B' : 'A') + nonce[1..];

        Assert.Equal(NonceStatus.Unknown, issuer.Check(flipped, out _));
        Assert.Equal(NonceStatus.Unknown, other.Check(nonce, out _));
        Assert.Equal(NonceStatus.Unknown, issuer.Check("7d4b7aa44cda192fecad03e48a45ca59", out _));
        Assert.Equal(NonceStatus.Unknown, issuer.Check("", out _));
        Assert.Equal(NonceStatus.Unknown, issuer.Check(null, out _));
        Assert.Equal(NonceStatus.Unknown, issuer.Check(new string('A', 500), out _));
    }

    [Fact]
    public void Same_key_validates_across_instances()
    {
        var key = new byte[32];
        key[0] = 7;
        var a = new NonceIssuer(_clock, TimeSpan.FromSeconds(30), key);
        var b = new NonceIssuer(_clock, TimeSpan.FromSeconds(30), key);
        Assert.Equal(NonceStatus.Valid, b.Check(a.Issue(), out _));
    }
}
