using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;

namespace SipGateway.Media.Tests;

public class WavReaderTests
{
    [Fact]
    public void Reads_8k_mono_pcm16_unchanged()
    {
        var pcm = TestAudio.Sine(440, 8000, 800);
        var clip = WavReader.Read(TestAudio.Wav(1, 1, 8000, 16, TestAudio.Pcm16(pcm)), "a.wav");
        Assert.Equal(pcm, clip.Samples);
        Assert.Equal(TimeSpan.FromMilliseconds(100), clip.Duration);
    }

    [Fact]
    public void Stereo_44k1_is_averaged_and_resampled_to_8k()
    {
        var left = TestAudio.Sine(1000, 44100, 44100, 8000);
        var right = TestAudio.Sine(1000, 44100, 44100, 8000);
        var clip = WavReader.Read(TestAudio.Wav(1, 2, 44100, 16, TestAudio.Pcm16(left, right)), "s.wav");
        Assert.InRange(clip.Samples.Length, 7999, 8000);
        var middle = clip.Samples.AsSpan(2000, 4000);
        Assert.InRange(Goertzel.Amplitude(middle, 1000), 7600, 8400);
    }

    [Fact]
    public void Opposite_stereo_channels_cancel()
    {
        var left = TestAudio.Sine(500, 8000, 400);
        var right = left.Select(v => (short)-v).ToArray();
        var clip = WavReader.Read(TestAudio.Wav(1, 2, 8000, 16, TestAudio.Pcm16(left, right)), "x.wav");
        Assert.All(clip.Samples, s => Assert.InRange(s, -1, 1));
    }

    [Theory]
    [InlineData(7)]
    [InlineData(6)]
    public void Reads_g711_wav(int formatTag)
    {
        var pcm = TestAudio.Sine(1000, 8000, 800);
        var law = formatTag == 7 ? G711Law.MuLaw : G711Law.ALaw;
        var coded = new byte[pcm.Length];
        G711.Encode(law, pcm, coded);
        var clip = WavReader.Read(TestAudio.Wav(formatTag, 1, 8000, 8, coded), "g.wav");
        var expected = new short[pcm.Length];
        G711.Decode(law, coded, expected);
        Assert.Equal(expected, clip.Samples);
    }

    [Fact]
    public void Reads_extensible_pcm()
    {
        var pcm = TestAudio.Sine(440, 8000, 160);
        var clip = WavReader.Read(TestAudio.Wav(1, 1, 8000, 16, TestAudio.Pcm16(pcm), extensible: true), "e.wav");
        Assert.Equal(pcm, clip.Samples);
    }

    [Fact]
    public void Non_riff_file_is_a_typed_error_naming_the_file()
    {
        var ex = Assert.Throws<MediaFileException>(() => WavReader.Read("ID3\u0004 not a wave file at all"u8.ToArray(), "/media/song.mp3"));
        Assert.Equal(MediaFileError.NotRiff, ex.Error);
        Assert.Equal("/media/song.mp3", ex.FileName);
        Assert.Contains("/media/song.mp3", ex.Message);
    }

    [Fact]
    public void Truncated_data_chunk_is_reported()
    {
        var file = TestAudio.Wav(1, 1, 8000, 16, TestAudio.Pcm16(TestAudio.Sine(440, 8000, 800)));
        var ex = Assert.Throws<MediaFileException>(() => WavReader.Read(file.AsSpan(0, file.Length - 100), "cut.wav"));
        Assert.Equal(MediaFileError.Truncated, ex.Error);
        Assert.Contains("cut.wav", ex.Message);
    }

    [Fact]
    public void Header_only_file_is_truncated()
    {
        var file = TestAudio.Wav(1, 1, 8000, 16, TestAudio.Pcm16(TestAudio.Sine(440, 8000, 80)));
        var ex = Assert.Throws<MediaFileException>(() => WavReader.Read(file.AsSpan(0, 24), "h.wav"));
        Assert.Equal(MediaFileError.Truncated, ex.Error);
    }

    [Theory]
    [InlineData(1, 24)]   // 24-bit PCM
    [InlineData(3, 32)]   // IEEE float
    [InlineData(2, 4)]    // MS ADPCM
    public void Unsupported_formats_are_reported(int formatTag, int bits)
    {
        var file = TestAudio.Wav(formatTag, 1, 8000, bits, new byte[96]);
        var ex = Assert.Throws<MediaFileException>(() => WavReader.Read(file, "u.wav"));
        Assert.Equal(MediaFileError.Unsupported, ex.Error);
        Assert.StartsWith("u.wav:", ex.Message);
    }

    [Fact]
    public void Missing_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), "sipgw-no-such-" + Guid.NewGuid() + ".wav");
        var ex = Assert.Throws<MediaFileException>(() => WavReader.Read(path));
        Assert.Equal(MediaFileError.NotFound, ex.Error);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Clip_source_plays_once_or_loops()
    {
        var clip = new AudioClip("c", Enumerable.Range(0, 250).Select(i => (short)i).ToArray());
        var once = TestAudio.ReadAll(clip.CreateSource(), 10_000);
        Assert.Equal(250, once.Length);
        var looped = TestAudio.ReadAll(clip.CreateSource(loop: true), 1000);
        Assert.Equal(1120, looped.Length); // bounded by the reader, 7 frames of 160
        Assert.Equal(0, looped[250]);
    }
}

public class ShippedMediaTests
{
    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "SipGateway.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("SipGateway.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void Every_default_announcement_loads_and_is_small_and_audible()
    {
        var options = new MediaOptions();
        var library = AnnouncementLibrary.Load(options, RepoRoot());
        Assert.Equal(3, library.Names.Count);
        foreach (var (name, file) in options.Announcements)
        {
            Assert.True(new FileInfo(Path.Combine(RepoRoot(), "media", file)).Length < 300 * 1024, file);
            var clip = library.Get(name);
            Assert.InRange(clip.Duration.TotalSeconds, 1, 20);
            Assert.True(TestAudio.Rms(clip.Samples) > 500, $"{name} is silent");
        }
    }

    [Fact]
    public void A_bad_configured_file_stops_loading_with_its_name()
    {
        var options = new MediaOptions();
        options.Announcements["Broken"] = "no-such.wav";
        var ex = Assert.Throws<MediaFileException>(() => AnnouncementLibrary.Load(options, RepoRoot()));
        Assert.Contains("no-such.wav", ex.Message);
    }
}
