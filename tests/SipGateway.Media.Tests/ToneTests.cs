using SipGateway.Media.Audio;
using SipGateway.Media.Tones;

namespace SipGateway.Media.Tests;

public class ToneTests
{
    private static readonly ToneOptions Options = new();

    private static void AssertFrequencies(ReadOnlySpan<short> block, double[] present, double[] absent)
    {
        double peak = 0;
        foreach (var f in present) peak = Math.Max(peak, Goertzel.Amplitude(block, f));
        foreach (var f in present)
            Assert.True(Goertzel.Amplitude(block, f) > peak * 0.7, $"{f} Hz missing");
        foreach (var f in absent)
            Assert.True(Goertzel.Amplitude(block, f) < peak * 0.05, $"{f} Hz present but should not be");
    }

    private static short[] Render(string tone, int ms) => TestAudio.ReadAll(ToneGenerator.Create(Options, tone), ms * 8);

    [Fact]
    public void Dial_tone_is_350_and_440_continuous()
    {
        var s = Render(ToneNames.Dial, 2000);
        Assert.Equal(16000, s.Length);
        AssertFrequencies(s.AsSpan(0, 1600), [350, 440], [480, 620, 1000]);
        AssertFrequencies(s.AsSpan(14400, 1600), [350, 440], [480, 620]);
    }

    [Fact]
    public void Ringback_is_440_480_two_on_four_off()
    {
        var s = Render(ToneNames.Ringback, 6500);
        AssertFrequencies(s.AsSpan(800, 1600), [440, 480], [350, 620]);
        Assert.True(TestAudio.Rms(s.AsSpan(16100, 31800)) < 1);   // 2.0 .. 6.0 s silent
        Assert.True(TestAudio.Rms(s.AsSpan(48100, 1600)) > 500);  // on again after 6 s
    }

    [Theory]
    [InlineData(ToneNames.Busy, 500)]
    [InlineData(ToneNames.Reorder, 250)]
    public void Busy_and_reorder_are_480_620_with_their_cadence(string tone, int onMs)
    {
        var s = Render(tone, onMs * 4);
        int on = onMs * 8;
        AssertFrequencies(s.AsSpan(0, on), [480, 620], [440, 350]);
        Assert.True(TestAudio.Rms(s.AsSpan(on + 8, on - 16)) < 1);
        Assert.True(TestAudio.Rms(s.AsSpan(2 * on + 8, on - 16)) > 300);
    }

    [Fact]
    public void Zip_is_two_100ms_440_bursts_then_ends()
    {
        var s = Render(ToneNames.Zip, 5000);
        Assert.Equal(2400, s.Length);
        AssertFrequencies(s.AsSpan(0, 800), [440], [1400]);
        Assert.True(TestAudio.Rms(s.AsSpan(808, 784)) < 1);
        AssertFrequencies(s.AsSpan(1600, 800), [440], [1400]);
    }

    [Fact]
    public void Paging_tones_are_low_stall_and_high_go_ahead()
    {
        var stall = Render(ToneNames.PagingStall, 3000);
        Assert.Equal(24000, stall.Length); // repeats
        AssertFrequencies(stall.AsSpan(0, 2000), [440], [1400]);
        var go = Render(ToneNames.PagingGoAhead, 5000);
        Assert.Equal(4000, go.Length); // 500 ms, once
        AssertFrequencies(go, [1400], [440]);
    }

    [Fact]
    public void Sit_is_950_1400_1800_330ms_each()
    {
        var s = Render(ToneNames.Sit, 5000);
        Assert.Equal(3 * 2640, s.Length);
        AssertFrequencies(s.AsSpan(0, 2640), [950], [1400, 1800]);
        AssertFrequencies(s.AsSpan(2640, 2640), [1400], [950, 1800]);
        AssertFrequencies(s.AsSpan(5280, 2640), [1800], [950, 1400]);
    }

    [Fact]
    public void Level_follows_dbm0()
    {
        var s = TestAudio.ReadAll(new ToneGenerator(ToneCadence.Parse("1000"), true, 0), 8000);
        Assert.InRange(Goertzel.Amplitude(s, 1000), ToneGenerator.ZeroDbm0Amplitude * 0.98, ToneGenerator.ZeroDbm0Amplitude * 1.02);
        var quiet = TestAudio.ReadAll(new ToneGenerator(ToneCadence.Parse("1000"), true, -20), 8000);
        Assert.InRange(Goertzel.Amplitude(quiet, 1000), ToneGenerator.ZeroDbm0Amplitude * 0.098, ToneGenerator.ZeroDbm0Amplitude * 0.102);
    }

    [Fact]
    public void Options_defaults_validate_and_names_resolve()
    {
        Assert.Empty(Options.Validate());
        foreach (var name in ToneNames.All) Assert.NotNull(Options.Get(name));
        Assert.Same(Options.PagingGoAhead, Options.Get("PagingGoAhead"));
        Assert.Throws<ArgumentException>(() => Options.Get("congestion"));
    }

    [Fact]
    public void Bad_cadence_is_reported_with_its_config_key()
    {
        var o = new ToneOptions { Busy = new ToneSpec("480+620/abc,0/500", true, -24) };
        var error = Assert.Single(o.Validate());
        Assert.StartsWith("Media:Tones:Busy:Cadence", error);
        Assert.Throws<FormatException>(() => ToneCadence.Parse("5000/100"));
        Assert.Throws<FormatException>(() => ToneCadence.Parse("440,0/100"));
        Assert.Equal("480+620/500,0/500", ToneCadence.Parse(" 480+620/500 , 0/500").ToString());
    }

    [Fact]
    public void Max_duration_bounds_a_repeating_tone()
    {
        var s = TestAudio.ReadAll(new ToneGenerator(Options.Dial, TimeSpan.FromMilliseconds(300)), 100_000);
        Assert.Equal(2400, s.Length);
    }
}
