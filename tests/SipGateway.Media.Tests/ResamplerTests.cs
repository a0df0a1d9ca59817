using SipGateway.Media.Audio;

namespace SipGateway.Media.Tests;

public class ResamplerTests
{
    private const double Amplitude = 10000;

    private static double OutputAmplitude(double frequency, int inputRate)
    {
        var input = TestAudio.Sine(frequency, inputRate, inputRate, Amplitude); // one second
        var output = Resampler.Resample(input, inputRate, 8000);
        Assert.InRange(output.Length, 7999, 8000);
        // Ignore the edges, where the kernel runs out of input.
        return TestAudio.Rms(output.AsSpan(1000, 6000)) * Math.Sqrt(2);
    }

    [Fact]
    public void One_kilohertz_survives_16k_to_8k()
    {
        double gainDb = 20 * Math.Log10(OutputAmplitude(1000, 16000) / Amplitude);
        Assert.InRange(gainDb, -0.5, 0.5);
    }

    [Fact]
    public void Five_kilohertz_is_attenuated_at_least_40_dB_from_16k()
    {
        double gainDb = 20 * Math.Log10(OutputAmplitude(5000, 16000) / Amplitude);
        Assert.True(gainDb <= -40, $"5 kHz only attenuated by {-gainDb:F1} dB");
    }

    [Theory]
    [InlineData(44100)]
    [InlineData(48000)]
    [InlineData(11025)]
    [InlineData(22050)]
    public void Passband_and_stopband_hold_for_other_rates(int rate)
    {
        Assert.InRange(20 * Math.Log10(OutputAmplitude(1000, rate) / Amplitude), -0.5, 0.5);
        if (rate > 10000) Assert.True(20 * Math.Log10(OutputAmplitude(4700, rate) / Amplitude) <= -40);
    }

    [Fact]
    public void Upsampling_keeps_the_tone()
    {
        var input = TestAudio.Sine(1000, 6000, 6000, Amplitude);
        var output = Resampler.Resample(input, 6000, 8000);
        Assert.Equal(8000, output.Length);
        Assert.InRange(Goertzel.Amplitude(output.AsSpan(1000, 6000), 1000), Amplitude * 0.95, Amplitude * 1.05);
    }
}
