using Microsoft.Extensions.Configuration;
using SipGateway.Features.ExtendConnect;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Configuration;

/// <summary>
/// Reads and checks "ExtendConnect" (remote destination limit, application dial rules, persistent connection timer),
/// "Cti:Applications" (API keys) and the CTI remote devices of "Devices".
/// </summary>
internal static class ExtendConnectSettings
{
    public const int DefaultZipToneMs = 100;

    public static ExtendConnectOptions Read(GatewaySettings.Reader reader, IReadOnlyDictionary<string, DeviceOptions> devices,
        SipGateway.Routing.DialPlan plan, SipGateway.Media.MediaOptions media, SipGateway.Media.Audio.AnnouncementLibrary? announcements = null)
    {
        var whisperName = reader.Raw("ExtendConnect:WhisperAnnouncement");
        SipGateway.Media.Audio.AudioClip? whisper = null;
        if (!string.IsNullOrEmpty(whisperName) && (announcements is null || !announcements.TryGet(whisperName, out whisper)))
            reader.Fail("ExtendConnect:WhisperAnnouncement", whisperName, "no such announcement in Media:Announcements");
        // Cisco's zip tone is one brief beep: the agent hears a single 440 Hz burst of ExtendConnect:ZipToneMs (default
        // 100 ms) at the level of Media:Tones:Zip (that cadence is not used for Extend and Connect).
        var zipMs = reader.Int("ExtendConnect:ZipToneMs", DefaultZipToneMs, 20, 2000);
        var zip = new SipGateway.Media.Tones.ToneSpec($"440/{zipMs}", repeat: false, levelDbm0: media.Tones.Zip.LevelDbm0);
        var rules = new List<ApplicationDialRule>();
        int i = 0;
        foreach (var _ in reader.Root.GetSection("ExtendConnect:ApplicationDialRules").GetChildren())
        {
            var key = $"ExtendConnect:ApplicationDialRules:{i++}";
            var begins = reader.Raw(key + ":BeginsWith") ?? "";
            if (begins.Length == 0 || !begins.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
                reader.Fail(key + ":BeginsWith", begins, "the digits a number begins with (digits, *, #, a leading +)");
            var prefix = reader.Raw(key + ":PrefixWith") ?? "";
            if (!prefix.All(c => char.IsAsciiDigit(c) || c is '+' or '*' or '#'))
                reader.Fail(key + ":PrefixWith", prefix, "digits to put in front (digits, *, #, +)");
            int? digits = reader.Raw(key + ":NumberOfDigits") is null ? null : reader.Int(key + ":NumberOfDigits", 0, 1, 32);
            rules.Add(new ApplicationDialRule(begins, reader.Int(key + ":DigitsToRemove", 0, 0, 32), prefix, digits));
        }
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var app in reader.Root.GetSection("Cti:Applications").GetChildren())
        {
            var k = reader.Raw($"Cti:Applications:{app.Key}:ApiKey");
            if (string.IsNullOrEmpty(k) || k.Length < 16)
                reader.Fail($"Cti:Applications:{app.Key}:ApiKey", k, "an API key of at least 16 characters is needed");
            if (keys.ContainsValue(k)) reader.Fail($"Cti:Applications:{app.Key}:ApiKey", "(hidden)", "two CTI applications share this key");
            keys[app.Key] = k;
        }
        var uriTrunk = reader.Raw("ExtendConnect:UriTrunk");
        if (uriTrunk is { Length: 0 }) uriTrunk = null;
        if (uriTrunk is not null && !plan.Trunks.ContainsKey(uriTrunk))
            reader.Fail("ExtendConnect:UriTrunk", uriTrunk, "no such trunk in Trunks (the trunk directory-URI remote destinations are sent to)");
        var remote = new List<RemoteDevice>();
        foreach (var (name, d) in devices)
        {
            if (d.Type != "CtiRemoteDevice") continue;
            if (d.RerouteCss is { } css && !plan.CallingSearchSpaces.ContainsKey(css))
                reader.Fail($"Devices:{name}:RerouteCss", css, "no such calling search space in DialPlan:CallingSearchSpaces");
            if (d.Lines.Count == 0) reader.Fail($"Devices:{name}:Lines", null, "a CTI remote device needs at least one line");
            remote.Add(new RemoteDevice(name, d.Owner, d.RerouteCss, d.DisplayName ?? d.Owner, d.Lines.Select(l => l.Dn).ToList(),
                d.Lines[0].CallForwardNoAnswer?.Destination));
        }
        return new ExtendConnectOptions
        {
            MaxRemoteDestinations = reader.Int("ExtendConnect:MaxRemoteDestinations", ExtendConnectOptions.DefaultMaxRemoteDestinations, 1,
                ExtendConnectOptions.UpperMaxRemoteDestinations),
            ApplicationDialRules = rules,
            ApiKeys = keys,
            PersistentConnectionMaxDuration = TimeSpan.FromMinutes(reader.Int("ExtendConnect:PersistentConnectionMaxMinutes", 720, 1, 10_080)),
            VoiceConnectName = reader.String("ExtendConnect:VoiceConnectName", "Voice Connect"),
            UriTrunk = uriTrunk,
            Devices = remote,
            // ExtendConnect:ZipTone false leaves the agent without the tone (calls join at once).
            ZipTone = reader.Bool("ExtendConnect:ZipTone", true) ? zip : null,
            WhisperAnnouncement = whisper,
            Announcements = announcements,
        };
    }
}
