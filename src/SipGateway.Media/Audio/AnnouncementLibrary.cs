namespace SipGateway.Media.Audio;

/// <summary>
/// The configured announcements, loaded once at start-up (so a bad file stops start-up with the file's name,
/// not the first call that needs it) and shared by all calls.
/// </summary>
public sealed class AnnouncementLibrary
{
    private readonly Dictionary<string, AudioClip> _clips;

    private AnnouncementLibrary(Dictionary<string, AudioClip> clips) => _clips = clips;

    /// <summary>Loads every entry of <see cref="MediaOptions.Announcements"/>; throws <see cref="MediaFileException"/> on the first bad file.</summary>
    public static AnnouncementLibrary Load(MediaOptions options, string? contentRoot = null)
    {
        string folder = Path.IsPathRooted(options.Directory) || contentRoot == null ? options.Directory : Path.Combine(contentRoot, options.Directory);
        var clips = new Dictionary<string, AudioClip>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, file) in options.Announcements)
        {
            var clip = WavReader.Read(Path.Combine(folder, file));
            clips[name] = new AudioClip(name, clip.Samples);
        }
        return new AnnouncementLibrary(clips);
    }

    public IReadOnlyCollection<string> Names => _clips.Keys;

    public AudioClip Get(string name) => _clips.TryGetValue(name, out var clip)
        ? clip
        : throw new KeyNotFoundException($"no announcement named '{name}' (configured: {string.Join(", ", _clips.Keys)})");

    public bool TryGet(string name, out AudioClip clip) => _clips.TryGetValue(name, out clip!);
}
