using SipGateway.Media.Codecs;

namespace SipGateway.Media.Tests;

public class G711Tests
{
    // ITU-T G.711 Table 2a (mu-law), positive half: decoder output of the first step of each segment and the
    // step size, in the standard's 14-bit units (full scale 8159). Transmitted character = inverted bits.
    private static readonly int[] MuSegmentStart = [0, 33, 99, 231, 495, 1023, 2079, 4191];
    // ITU-T G.711 Table 1a (A-law), 13-bit units (full scale 4096): segment 0 outputs 1, 3, 5 ...
    private static readonly int[] ASegmentStart = [1, 33, 66, 132, 264, 528, 1056, 2112];

    [Fact]
    public void MuLaw_decoder_outputs_match_the_G711_segment_table()
    {
        for (int seg = 0; seg < 8; seg++)
        {
            int step = 2 << seg;
            for (int q = 0; q < 16; q++)
            {
                int expected14 = MuSegmentStart[seg] + (q * step);
                byte positive = (byte)~((seg << 4) | q);
                byte negative = (byte)~(0x80 | (seg << 4) | q);
                Assert.Equal(expected14 * 4, MuLaw.Decode(positive));
                Assert.Equal(-expected14 * 4, MuLaw.Decode(negative));
            }
        }
    }

    [Fact]
    public void ALaw_decoder_outputs_match_the_G711_segment_table()
    {
        for (int seg = 0; seg < 8; seg++)
        {
            int step = seg == 0 ? 2 : 2 << (seg - 1);
            for (int q = 0; q < 16; q++)
            {
                int expected13 = ASegmentStart[seg] + (q * step);
                byte positive = (byte)((0x80 | (seg << 4) | q) ^ 0x55);
                byte negative = (byte)(((seg << 4) | q) ^ 0x55);
                Assert.Equal(expected13 * 8, ALaw.Decode(positive));
                Assert.Equal(-expected13 * 8, ALaw.Decode(negative));
            }
        }
    }

    [Theory]
    [InlineData(0, 0xFF)]
    [InlineData(-1, 0x7F)]
    [InlineData(32767, 0x80)]
    [InlineData(-32768, 0x00)]
    [InlineData(124, 0xEF)]   // 14-bit 31 -> +33 bias = 64: first value of segment 1
    [InlineData(120, 0xF0)]   // 14-bit 30: last step of segment 0
    public void MuLaw_encodes_reference_points(short linear, byte expected) => Assert.Equal(expected, MuLaw.Encode(linear));

    [Theory]
    [InlineData(0, 0xD5)]
    [InlineData(-1, 0x55)]
    [InlineData(32767, 0xAA)]
    [InlineData(-32768, 0x2A)]
    [InlineData(256, 0xC5)]   // 13-bit 32: first value of segment 1
    [InlineData(248, 0xDA)]   // 13-bit 31: last step of segment 0
    public void ALaw_encodes_reference_points(short linear, byte expected) => Assert.Equal(expected, ALaw.Encode(linear));

    [Fact]
    public void MuLaw_round_trip_is_within_half_a_quantisation_step()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte code = MuLaw.Encode((short)x);
            int y = MuLaw.Decode(code);
            int seg = (~code >> 4) & 7;
            int step16 = (2 << seg) * 4;
            int err = Math.Abs(y - x);
            if (Math.Abs(x) <= 32124) Assert.True(err <= (step16 / 2) + 4, $"x={x} y={y} err={err} step={step16}");
            else Assert.Equal(Math.Sign(x) * 32124, y);
        }
    }

    [Fact]
    public void ALaw_round_trip_is_within_half_a_quantisation_step()
    {
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            byte code = ALaw.Encode((short)x);
            int y = ALaw.Decode(code);
            int seg = ((code ^ 0x55) >> 4) & 7;
            int step16 = (seg == 0 ? 2 : 2 << (seg - 1)) * 8;
            int err = Math.Abs(y - x);
            if (Math.Abs(x) <= 32256) Assert.True(err <= (step16 / 2) + 8, $"x={x} y={y} err={err} step={step16}");
        }
    }

    [Fact]
    public void Every_code_decodes_and_re_encodes_to_itself()
    {
        for (int c = 0; c < 256; c++)
        {
            // mu-law has two zeros (0xFF, 0x7F); both decode to 0, which encodes as +0.
            if (c != 0x7F) Assert.Equal((byte)c, MuLaw.Encode(MuLaw.Decode((byte)c)));
            Assert.Equal((byte)c, ALaw.Encode(ALaw.Decode((byte)c)));
        }
    }

    [Fact]
    public void Encoding_is_monotonic()
    {
        int prevMu = int.MinValue, prevA = int.MinValue;
        for (int x = short.MinValue; x <= short.MaxValue; x++)
        {
            int mu = MuLaw.Decode(MuLaw.Encode((short)x));
            int a = ALaw.Decode(ALaw.Encode((short)x));
            Assert.True(mu >= prevMu && a >= prevA);
            prevMu = mu;
            prevA = a;
        }
    }

    [Fact]
    public void Span_encode_matches_scalar_and_silence_bytes_decode_to_near_zero()
    {
        var pcm = TestAudio.Sine(1000, 8000, 160, 20000);
        var mu = new byte[160];
        var a = new byte[160];
        G711.Encode(G711Law.MuLaw, pcm, mu);
        G711.Encode(G711Law.ALaw, pcm, a);
        for (int i = 0; i < 160; i++)
        {
            Assert.Equal(MuLaw.Encode(pcm[i]), mu[i]);
            Assert.Equal(ALaw.Encode(pcm[i]), a[i]);
        }
        Assert.Equal(0, MuLaw.Decode(G711.Silence(G711Law.MuLaw)));
        Assert.Equal(8, ALaw.Decode(G711.Silence(G711Law.ALaw)));
        Assert.Equal(G711Law.ALaw, G711.FromPayloadType(8));
        Assert.Throws<ArgumentOutOfRangeException>(() => G711.FromPayloadType(18));
    }
}
