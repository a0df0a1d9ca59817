using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Mixing;

namespace SipGateway.Media.Tests;

public class MixerTests
{
    private static byte[] Encode(G711Law law, short[] pcm) { var b = new byte[pcm.Length]; G711.Encode(law, pcm, b); return b; }
    private static short[] Decode(G711Law law, byte[] b) { var s = new short[b.Length]; G711.Decode(law, b, s); return s; }

    [Fact]
    public void Each_leg_hears_the_others_but_not_itself()
    {
        G711Law[] laws = [G711Law.MuLaw, G711Law.ALaw, G711Law.MuLaw];
        double[] freqs = [500, 1000, 1500];
        var mixer = new ConferenceMixer(laws, 800);
        var inputs = Enumerable.Range(0, 3).Select(i => (byte[]?)Encode(laws[i], TestAudio.Sine(freqs[i], 8000, 800, 6000))).ToArray();
        var outputs = Enumerable.Range(0, 3).Select(_ => new byte[800]).ToArray();
        mixer.Mix(inputs, outputs);
        for (int leg = 0; leg < 3; leg++)
        {
            var heard = Decode(laws[leg], outputs[leg]);
            for (int other = 0; other < 3; other++)
            {
                double a = Goertzel.Amplitude(heard, freqs[other]);
                if (other == leg) Assert.True(a < 200, $"leg {leg} hears itself ({a})");
                else Assert.InRange(a, 5500, 6500);
            }
        }
    }

    [Fact]
    public void Sum_is_clipped_and_a_missing_leg_is_silence()
    {
        var mixer = new ConferenceMixer([G711Law.MuLaw, G711Law.MuLaw, G711Law.MuLaw]);
        var loud = Encode(G711Law.MuLaw, Enumerable.Repeat((short)30000, 160).ToArray());
        var outputs = Enumerable.Range(0, 3).Select(_ => new byte[160]).ToArray();
        mixer.Mix([loud, loud, null], outputs);
        Assert.All(Decode(G711Law.MuLaw, outputs[2]), s => Assert.Equal(32124, s)); // 60000 clipped to 32767
        Assert.All(Decode(G711Law.MuLaw, outputs[0]), s => Assert.InRange(s, 29000, 31000));
    }
}
