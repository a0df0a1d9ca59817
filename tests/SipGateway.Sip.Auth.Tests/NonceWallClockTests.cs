namespace SipGateway.Sip.Auth.Tests;

/// <summary>Nonces age on the monotonic timestamp: a wall-clock step neither expires nor revives them.</summary>
public class NonceWallClockTests
{
    [Fact]
    public void A_wall_clock_step_neither_expires_nor_revives_a_nonce()
    {
        var clock = new SteppedWallClock();
        var issuer = new NonceIssuer(clock, TimeSpan.FromSeconds(30));
        var nonce = issuer.Issue();

        clock.Utc += TimeSpan.FromDays(1);
        Assert.Equal(NonceStatus.Valid, issuer.Check(nonce, out _));
        clock.Utc -= TimeSpan.FromDays(2);
        Assert.Equal(NonceStatus.Valid, issuer.Check(nonce, out _));

        clock.Timestamp += TimeSpan.FromSeconds(31).Ticks;
        Assert.Equal(NonceStatus.Expired, issuer.Check(nonce, out _));
        clock.Utc -= TimeSpan.FromMinutes(5);
        Assert.Equal(NonceStatus.Expired, issuer.Check(nonce, out _));
    }
}
