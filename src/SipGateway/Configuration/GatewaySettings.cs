using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;

namespace SipGateway.Configuration;

/// <summary>
/// The typed, validated configuration. Every value is checked where it is read so a mistake is reported with the
/// file (or environment/command line), the key path and the value, and the gateway does not start half-configured.
/// </summary>
public sealed class GatewaySettings
{
    public required string File { get; init; }
    public required IConfigurationRoot Root { get; init; }
    public required SipOptions Sip { get; init; }
    public required SipGateway.Calls.Registration.RegistrarOptions Registrar { get; init; }
    /// <summary>Digest algorithms offered in challenges, in order (Registrar:DigestAlgorithms).</summary>
    public required IReadOnlyList<SipGateway.Sip.Auth.DigestAlgorithm> DigestAlgorithms { get; init; }
    public required string Urls { get; init; }
    public required string DataDirectory { get; init; }
    public required IReadOnlyDictionary<string, DeviceOptions> Devices { get; init; }
    public required IReadOnlyDictionary<string, TrunkOptions> Trunks { get; init; }
    public required SipGateway.Routing.DialPlan DialPlan { get; init; }
    public required SipGateway.Media.MediaOptions Media { get; init; }
    public required CallsOptions Calls { get; init; }
    public required SipGateway.Media.Audio.AnnouncementLibrary Announcements { get; init; }
    /// <summary>The "Paging" section (DialCast numbers, recipient groups); null when absent.</summary>
    public SipGateway.Features.Paging.PagingOptions? Paging { get; init; }
    /// <summary>Extension Mobility: ExtensionMobility service parameters, Users, DeviceProfiles.</summary>
    public MobilitySettings? Mobility { get; init; }
    public required SipGateway.Features.ExtendConnect.ExtendConnectOptions ExtendConnect { get; init; }
    /// <summary>The "Security" section: trusted sources, the SIP digest lockout, per-source TCP limits.</summary>
    public required SecuritySettings Security { get; init; }

    public static GatewaySettings Load(string[] args)
    {
        var (root, file) = GatewayConfiguration.Build(args);
        var reader = new Reader(root, file);
        var sip = new SipOptions
        {
            Address = reader.IpAddress("Sip:Address", "127.0.0.1"),
            Port = reader.Int("Sip:Port", 5060, 0, 65535),
            Domain = reader.String("Sip:Domain", "sipgw.local"),
            PublicAddress = reader.OptionalIpAddress("Sip:PublicAddress"),
            T1Milliseconds = reader.Int("Sip:T1Milliseconds", 500, 10, 60_000),
            T2Milliseconds = reader.Int("Sip:T2Milliseconds", 4000, 10, 600_000),
            T4Milliseconds = reader.Int("Sip:T4Milliseconds", 5000, 0, 600_000),
            AcceptedAfterAckMilliseconds = reader.Int("Sip:AcceptedAfterAckMilliseconds", 5000, 0, 600_000),
            TcpIncompleteMessageTimeoutSeconds = reader.Int("Sip:TcpIncompleteMessageTimeoutSeconds", 10, 1, 3600),
            TcpIdleTimeoutSeconds = reader.Int("Sip:TcpIdleTimeoutSeconds", 900, 1, 86_400),
            UdpReceiveThreads = reader.Int("Sip:UdpReceiveThreads", SipOptions.DefaultUdpReceiveThreads, 1, 64),
            MaxMessageBytes = reader.Int("Sip:MaxMessageBytes", 65536, 1024, 1 << 20),
            UserAgent = reader.String("Sip:UserAgent", "SipGateway"),
        };
        var registrar = new SipGateway.Calls.Registration.RegistrarOptions
        {
            Realm = sip.Domain,
            MinExpires = reader.Int("Registrar:MinExpires", 60, 1, 86_400),
            MaxExpires = reader.Int("Registrar:MaxExpires", 3600, 1, 604_800),
            DefaultExpires = reader.Int("Registrar:DefaultExpires", 3600, 1, 604_800),
            MaxContactsPerAor = reader.Int("Registrar:MaxContactsPerAor", 10, 1, 100),
            NonceLifetime = TimeSpan.FromSeconds(reader.Int("Registrar:NonceLifetimeSeconds", 300, 5, 86_400)),
        };
        if (registrar.MaxExpires < registrar.MinExpires)
            reader.Fail("Registrar:MaxExpires", registrar.MaxExpires.ToString(), $"must be at least Registrar:MinExpires ({registrar.MinExpires})");
        if (registrar.DefaultExpires < registrar.MinExpires || registrar.DefaultExpires > registrar.MaxExpires)
            reader.Fail("Registrar:DefaultExpires", registrar.DefaultExpires.ToString(), $"must lie between MinExpires ({registrar.MinExpires}) and MaxExpires ({registrar.MaxExpires})");
        // MD5 alone by default: SIPp 3.6 answers only the topmost challenge and only knows MD5, and baresip 1.0
        // (libre) gives up on the whole 401 when any challenge names another algorithm. "SHA-256,MD5" offers both,
        // the stronger first (RFC 8760 §2.4), for phones that cope.
        var algorithmsText = reader.String("Registrar:DigestAlgorithms", "MD5");
        var algorithms = new List<SipGateway.Sip.Auth.DigestAlgorithm>();
        foreach (var name in algorithmsText.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!SipGateway.Sip.Auth.DigestAlgorithm.TryGet(name, out var algorithm))
                reader.Fail("Registrar:DigestAlgorithms", algorithmsText, $"unknown digest algorithm '{name}' (MD5, SHA-256, MD5-sess, SHA-256-sess)");
            algorithms.Add(algorithm);
        }
        if (algorithms.Count == 0) reader.Fail("Registrar:DigestAlgorithms", algorithmsText, "name at least one algorithm");
        var urls = reader.String("Urls", "http://127.0.0.1:8080");
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                reader.Fail("Urls", urls, "expected http://ADDRESS:PORT (several separated by ';')");
        var devices = DeviceSettings.Read(reader);
        var trunks = TrunkSettings.Read(reader);
        var paging = PagingSettings.Read(reader, devices);
        var dialPlan = DialPlanSettings.Build(reader, devices, trunks, PagingSettings.DialCastLines(paging));
        var (media, announcements) = MediaSettings.Read(reader);
        foreach (var (name, device) in devices)
            for (int i = 0; i < device.Lines.Count; i++)
                foreach (var (kind, forward) in new[] { ("CallForwardAll", device.Lines[i].CallForwardAll), ("CallForwardBusy", device.Lines[i].CallForwardBusy), ("CallForwardNoAnswer", device.Lines[i].CallForwardNoAnswer) })
                    if (forward?.Css is { } css && !dialPlan.CallingSearchSpaces.ContainsKey(css))
                        reader.Fail($"Devices:{name}:Lines:{i}:{kind}:Css", css, "no such calling search space in DialPlan:CallingSearchSpaces");
        var meetMe = new List<string>();
        int mi = 0;
        foreach (var n in root.GetSection("Calls:MeetMeNumbers").GetChildren())
        {
            if (string.IsNullOrEmpty(n.Value) || !n.Value.All(c => char.IsAsciiDigit(c) || c is '*' or '#'))
                reader.Fail($"Calls:MeetMeNumbers:{mi}", n.Value, "a meet-me number is digits, * or #");
            meetMe.Add(n.Value!);
            mi++;
        }
        var unallocated = reader.Raw("Calls:UnallocatedAnnouncement");
        if (!string.IsNullOrEmpty(unallocated) && !announcements.TryGet(unallocated, out _))
            reader.Fail("Calls:UnallocatedAnnouncement", unallocated, "no such announcement in Media:Announcements");
        var musicOnHold = reader.Raw("Calls:MusicOnHold");
        if (!string.IsNullOrEmpty(musicOnHold) && !announcements.TryGet(musicOnHold, out _))
            reader.Fail("Calls:MusicOnHold", musicOnHold, "no such announcement in Media:Announcements");
        var sessionExpires = reader.Int("Calls:SessionExpiresSeconds", 1800, 0, 86_400);
        if (sessionExpires > 0 && sessionExpires < reader.Int("Calls:MinSessionExpiresSeconds", 90, 90, 86_400))
            reader.Fail("Calls:SessionExpiresSeconds", sessionExpires.ToString(), "must be 0 (off) or at least Calls:MinSessionExpiresSeconds");
        return new GatewaySettings
        {
            File = file, Root = root, Sip = sip, Registrar = registrar, DigestAlgorithms = algorithms, Urls = urls,
            DataDirectory = reader.String("Data:Directory", "data"),
            Devices = devices,
            Trunks = trunks,
            DialPlan = dialPlan,
            Media = media,
            Calls = new CallsOptions
            {
                MemberSetupTimeoutSeconds = reader.Int("Calls:MemberSetupTimeoutSeconds", 5, 1, 120),
                NoAnswerTimeoutSeconds = reader.Int("Calls:NoAnswerTimeoutSeconds", 120, 5, 3600),
                OptionsPingSeconds = reader.Int("Calls:OptionsPingSeconds", 30, 0, 3600),
                SessionExpiresSeconds = reader.Int("Calls:SessionExpiresSeconds", 1800, 0, 86_400),
                MinSessionExpiresSeconds = reader.Int("Calls:MinSessionExpiresSeconds", 90, 90, 86_400),
                MusicOnHold = reader.Raw("Calls:MusicOnHold") ?? "HoldMusic",
                GenerateRingback = reader.Bool("Calls:GenerateRingback", true),
                MeetMeNumbers = meetMe,
                UnallocatedAnnouncement = unallocated,
                MaxCalls = reader.Int("Calls:MaxCalls", 0, 0, 1_000_000),
            },
            Announcements = announcements,
            Paging = paging,
            Mobility = MobilitySettings.Read(reader, devices, trunks, PagingSettings.DialCastLines(paging)),
            ExtendConnect = ExtendConnectSettings.Read(reader, devices, dialPlan, media, announcements),
            Security = SecuritySettings.Read(reader, trunks),
        };
    }

    /// <summary>Reads and checks single values, naming where a bad one came from.</summary>
    internal sealed class Reader(IConfigurationRoot root, string file)
    {
        public IConfigurationRoot Root => root;

        public string? Raw(string key) => root[key];

        public string String(string key, string fallback)
        {
            var v = root[key];
            if (v is null) return fallback;
            if (string.IsNullOrWhiteSpace(v)) Fail(key, v, "must not be empty");
            return v;
        }

        public int Int(string key, int fallback, int min, int max)
        {
            var v = root[key];
            if (v is null) return fallback;
            if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) Fail(key, v, "expected a whole number");
            if (n < min || n > max) Fail(key, v, $"expected a number from {min} to {max}");
            return n;
        }

        public bool Bool(string key, bool fallback)
        {
            var v = root[key];
            if (v is null) return fallback;
            if (!bool.TryParse(v, out var b)) Fail(key, v, "expected true or false");
            return b;
        }

        public string IpAddress(string key, string fallback)
        {
            var v = root[key] ?? fallback;
            if (!IPAddress.TryParse(v, out _)) Fail(key, v, "expected an IP address such as 127.0.0.1");
            return v;
        }

        public string? OptionalIpAddress(string key)
        {
            var v = root[key];
            if (string.IsNullOrEmpty(v)) return null;
            if (!IPAddress.TryParse(v, out _)) Fail(key, v, "expected an IP address");
            return v;
        }

        [System.Diagnostics.CodeAnalysis.DoesNotReturn]
        public void Fail(string key, string? value, string reason) =>
            throw new ConfigurationError(GatewayConfiguration.SourceOf(root, key, file), key, value, reason);
    }
}
