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
    public required RegistrarOptions Registrar { get; init; }
    public required string Urls { get; init; }
    public required string DataDirectory { get; init; }
    public required IReadOnlyDictionary<string, DeviceOptions> Devices { get; init; }

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
            TcpIncompleteMessageTimeoutSeconds = reader.Int("Sip:TcpIncompleteMessageTimeoutSeconds", 10, 1, 3600),
            TcpIdleTimeoutSeconds = reader.Int("Sip:TcpIdleTimeoutSeconds", 900, 1, 86_400),
            MaxMessageBytes = reader.Int("Sip:MaxMessageBytes", 65536, 1024, 1 << 20),
            UserAgent = reader.String("Sip:UserAgent", "SipGateway"),
        };
        var registrar = new RegistrarOptions
        {
            MinExpires = reader.Int("Registrar:MinExpires", 60, 1, 86_400),
            MaxExpires = reader.Int("Registrar:MaxExpires", 3600, 1, 604_800),
            DefaultExpires = reader.Int("Registrar:DefaultExpires", 3600, 1, 604_800),
            NonceLifetimeSeconds = reader.Int("Registrar:NonceLifetimeSeconds", 300, 5, 86_400),
        };
        if (registrar.MaxExpires < registrar.MinExpires)
            reader.Fail("Registrar:MaxExpires", registrar.MaxExpires.ToString(), $"must be at least Registrar:MinExpires ({registrar.MinExpires})");
        var urls = reader.String("Urls", "http://127.0.0.1:8080");
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries))
            if (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https"))
                reader.Fail("Urls", urls, "expected http://ADDRESS:PORT (several separated by ';')");
        return new GatewaySettings
        {
            File = file, Root = root, Sip = sip, Registrar = registrar, Urls = urls,
            DataDirectory = reader.String("Data:Directory", "data"),
            Devices = DeviceSettings.Read(reader),
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
