using Microsoft.Extensions.Configuration;
using SipGateway.Media;
using SipGateway.Media.Audio;
using SipGateway.Media.Transport;

namespace SipGateway.Configuration;

/// <summary>
/// Binds and checks the "Media" section: RTP address and port range, tone cadences, and every announcement file,
/// loaded at start-up so a missing or corrupt WAV stops the gateway with the file named, not the first call.
/// </summary>
internal static class MediaSettings
{
    public static (MediaOptions Options, AnnouncementLibrary Announcements) Read(GatewaySettings.Reader reader)
    {
        var options = new MediaOptions();
        try
        {
            reader.Root.GetSection("Media").Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            reader.Fail("Media", null, ex.InnerException?.Message ?? ex.Message);
        }
        reader.IpAddress("Media:Address", "127.0.0.1");
        if (!PortRange.TryParse(options.PortRange, out _, out var rangeError)) reader.Fail("Media:PortRange", options.PortRange, rangeError);
        reader.Int("Media:PtimeMs", 20, 10, 60);
        reader.Int("Media:PacingThreads", 2, 1, 64);
        foreach (var error in options.Tones.Validate())
        {
            int colon = error.IndexOf(": ", StringComparison.Ordinal);
            var key = colon > 0 ? error[..colon] : "Media:Tones";
            reader.Fail(key, reader.Raw(key), colon > 0 ? error[(colon + 2)..] : error);
        }
        options.Directory = ResolveDirectory(options.Directory);
        foreach (var (name, file) in options.Announcements)
        {
            try
            {
                WavReader.Read(Path.Combine(options.Directory, file));
            }
            catch (MediaFileException ex)
            {
                reader.Fail($"Media:Announcements:{name}", file, ex.Message);
            }
        }
        return (options, AnnouncementLibrary.Load(options));
    }

    /// <summary>A relative folder is looked up from the working directory first, then beside the binary (where the build copies media/).</summary>
    private static string ResolveDirectory(string directory)
    {
        if (Path.IsPathRooted(directory) || System.IO.Directory.Exists(directory)) return Path.GetFullPath(directory);
        return Path.Combine(AppContext.BaseDirectory, directory);
    }
}
