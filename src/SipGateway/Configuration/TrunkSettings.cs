using System.Net;
using Microsoft.Extensions.Configuration;

namespace SipGateway.Configuration;

/// <summary>Reads and checks the "Trunks" section.</summary>
internal static class TrunkSettings
{
    public static IReadOnlyDictionary<string, TrunkOptions> Read(GatewaySettings.Reader reader)
    {
        var trunks = new Dictionary<string, TrunkOptions>(StringComparer.Ordinal);
        foreach (var section in reader.Root.GetSection("Trunks").GetChildren())
        {
            var key = "Trunks:" + section.Key;
            var destinationText = reader.Raw(key + ":Destination");
            IPEndPoint? destination = null;
            if (destinationText is null || !IPEndPoint.TryParse(destinationText, out destination) || destination.Port == 0)
                reader.Fail(key + ":Destination", destinationText, "expected ADDRESS:PORT, e.g. 127.0.0.1:5090");
            var transport = (reader.Raw(key + ":Transport") ?? "udp").ToLowerInvariant();
            if (transport is not ("udp" or "tcp")) reader.Fail(key + ":Transport", transport, "expected udp or tcp");
            var sources = new List<IPAddress>();
            int i = 0;
            foreach (var s in section.GetSection("AllowedSources").GetChildren())
            {
                if (!IPAddress.TryParse(s.Value, out var ip)) reader.Fail($"{key}:AllowedSources:{i}", s.Value, "expected an IP address");
                sources.Add(ip);
                i++;
            }
            var did = reader.Raw(key + ":Did");
            if (did is not null && (did.Length == 0 || !did.All(c => char.IsAsciiDigit(c) || c == '+')))
                reader.Fail(key + ":Did", did, "a DID is digits with an optional leading +");
            var source = reader.String(key + ":CallingNumberSource", "Transformed");
            if (source is not ("Transformed" or "Did")) reader.Fail(key + ":CallingNumberSource", source, "expected Transformed or Did");
            if (source == "Did" && did is null) reader.Fail(key + ":CallingNumberSource", source, $"needs {key}:Did");
            trunks[section.Key] = new TrunkOptions
            {
                Destination = destination!,
                Transport = transport,
                DevicePool = reader.Raw(key + ":DevicePool"),
                InboundCss = reader.Raw(key + ":InboundCss"),
                AllowedSources = sources,
                Did = did,
                OptionsPing = reader.Bool(key + ":OptionsPing", true),
                PresentDid = source == "Did",
            };
        }
        return trunks;
    }
}
