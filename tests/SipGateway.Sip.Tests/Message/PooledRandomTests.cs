using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Sip.Tests.Message;

public class PooledRandomTests
{
    [Fact]
    public void Identifiers_have_their_lengths_and_never_repeat_across_many_buffer_refills()
    {
        var seen = new HashSet<string>();
        for (int i = 0; i < 20_000; i++) // ~120 refills of the 512-byte buffer
        {
            var tag = SipTags.New();
            Assert.Equal(12, tag.Length);
            Assert.True(seen.Add(tag), $"tag {tag} repeated after {i} draws");
        }
        Assert.Equal(ViaHeader.MagicCookie.Length + 16, SipTags.NewBranch().Length);
        Assert.Equal(24, SipIdentifiers.NewCallId().Length);
        Assert.All(seen, t => Assert.Matches("^[0-9a-f]{12}$", t));
    }

    [Fact]
    public void Every_bit_takes_both_values()
    {
        // A stuck byte (a buffer handed out twice, or never filled) would show as a bit that is always 0 or always 1.
        int or = 0, and = 0xFF;
        Span<byte> b = stackalloc byte[7];
        for (int i = 0; i < 2000; i++)
        {
            PooledRandom.Fill(b);
            foreach (var x in b) { or |= x; and &= x; }
        }
        Assert.Equal(0xFF, or);
        Assert.Equal(0, and);
    }

    [Fact]
    public void Fill_larger_than_the_buffer_is_random_too()
    {
        var big = new byte[2000];
        PooledRandom.Fill(big);
        Assert.True(big.Distinct().Count() > 200);
    }

    [Fact]
    public void Sequence_numbers_stay_in_range_and_spread()
    {
        var values = Enumerable.Range(0, 5000).Select(_ => SipIdentifiers.NewSequenceNumber()).ToList();
        Assert.All(values, v => Assert.InRange(v, 1u, (1u << 20) - 1));
        Assert.True(values.Distinct().Count() > 4900);
        Assert.Contains(values, v => v < 1 << 19);
        Assert.Contains(values, v => v >= 1 << 19);
    }
}
