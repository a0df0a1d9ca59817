namespace SipGateway.Sip.Auth.Tests;

public class NonceCountTrackerTests
{
    private static readonly TimeSpan LongAgo = TimeSpan.Zero;

    [Fact]
    public void Count_must_increase_per_nonce()
    {
        var t = new NonceCountTracker();
        var at = TimeSpan.FromSeconds(10);

        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("n1", at, 1, LongAgo));
        Assert.Equal(NonceCountResult.Replayed, t.TryAdvance("n1", at, 1, LongAgo));
        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("n1", at, 3, LongAgo));
        Assert.Equal(NonceCountResult.Replayed, t.TryAdvance("n1", at, 2, LongAgo));
        // Counts are per nonce.
        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("n2", at, 1, LongAgo));
        Assert.Equal(NonceCountResult.Replayed, t.TryAdvance("n3", at, 0, LongAgo));
    }

    [Fact]
    public void Memory_is_bounded_and_evicted_nonces_are_never_replayable()
    {
        var t = new NonceCountTracker(capacity: 3);
        for (int i = 1; i <= 5; i++)
            Assert.Equal(NonceCountResult.Accepted, t.TryAdvance($"n{i}", TimeSpan.FromSeconds(i), 1, LongAgo));

        Assert.Equal(3, t.Count);
        // n1 and n2 were evicted: replaying them must not be accepted as new.
        Assert.Equal(NonceCountResult.Forgotten, t.TryAdvance("n1", TimeSpan.FromSeconds(1), 1, LongAgo));
        Assert.Equal(NonceCountResult.Forgotten, t.TryAdvance("n2", TimeSpan.FromSeconds(2), 1, LongAgo));
        // Records still held keep working.
        Assert.Equal(NonceCountResult.Replayed, t.TryAdvance("n5", TimeSpan.FromSeconds(5), 1, LongAgo));
        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("n5", TimeSpan.FromSeconds(5), 2, LongAgo));
    }

    [Fact]
    public void Expired_records_are_dropped_without_raising_the_floor()
    {
        var t = new NonceCountTracker(capacity: 2);
        t.TryAdvance("old1", TimeSpan.FromSeconds(1), 1, LongAgo);
        t.TryAdvance("old2", TimeSpan.FromSeconds(2), 1, LongAgo);

        // Both are past expiry; a new nonce takes their place without evicting live ones.
        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("new", TimeSpan.FromSeconds(100), 1, TimeSpan.FromSeconds(50)));
        Assert.Equal(1, t.Count);
        // A not-yet-used nonce issued after the expired ones is still accepted (no floor was raised).
        Assert.Equal(NonceCountResult.Accepted, t.TryAdvance("mid", TimeSpan.FromSeconds(60), 1, TimeSpan.FromSeconds(50)));
    }
}
