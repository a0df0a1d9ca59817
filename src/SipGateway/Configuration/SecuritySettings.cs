using System.Net;
using Microsoft.Extensions.Configuration;
using SipGateway.Sip.Security;

namespace SipGateway.Configuration;

/// <summary>The "Security" section's keys this gateway reads: trusted sources, the digest lockout, TCP limits.</summary>
public sealed class SecuritySettings
{
    /// <summary>Security:TrustedSources: addresses or CIDR networks exempt from source lockouts and per-source limits.</summary>
    public required SourceAddressSet TrustedSources { get; init; }
    /// <summary>Security:TrustedSources plus every trunk's AllowedSources (where its requests come from).</summary>
    public required SourceAddressSet TrustedAndTrunks { get; init; }
    public required DigestLockoutOptions Auth { get; init; }
    /// <summary>Security:Tcp:MaxConnectionsPerSource (0: no limit).</summary>
    public int TcpMaxConnectionsPerSource { get; init; } = 32;
    /// <summary>Security:Tcp:FirstMessageSeconds.</summary>
    public int TcpFirstMessageSeconds { get; init; } = 10;

    internal static SecuritySettings Read(GatewaySettings.Reader reader, IReadOnlyDictionary<string, TrunkOptions> trunks)
    {
        var trusted = new List<IPNetwork>();
        int i = 0;
        foreach (var s in reader.Root.GetSection("Security:TrustedSources").GetChildren())
        {
            var text = s.Value?.Trim();
            if (text is not null && IPAddress.TryParse(text, out var ip)) trusted.Add(SourceAddressSet.Host(ip));
            else if (text is not null && IPNetwork.TryParse(text, out var net)) trusted.Add(net);
            else reader.Fail($"Security:TrustedSources:{i}", s.Value, "expected an IP address (127.0.0.2) or a network (10.0.0.0/8)");
            i++;
        }
        var set = new SourceAddressSet(trusted);
        var auth = new DigestLockoutOptions
        {
            MaxFailures = reader.Int("Security:Auth:MaxFailures", 5, 1, 1000),
            Window = TimeSpan.FromSeconds(reader.Int("Security:Auth:WindowSeconds", 300, 1, 86_400)),
            Lockout = TimeSpan.FromSeconds(reader.Int("Security:Auth:LockoutSeconds", 900, 1, 604_800)),
            MaxTracked = reader.Int("Security:Auth:MaxTrackedEntries", 100_000, 16, 10_000_000),
            AlwaysChallenge = reader.Bool("Security:Auth:AlwaysChallenge", true),
            Exempt = set.With(trunks.Values.SelectMany(t => t.AllowedSources)),
        };
        return new SecuritySettings
        {
            TrustedSources = set,
            TrustedAndTrunks = auth.Exempt,
            Auth = auth,
            TcpMaxConnectionsPerSource = reader.Int("Security:Tcp:MaxConnectionsPerSource", 32, 0, 100_000),
            TcpFirstMessageSeconds = reader.Int("Security:Tcp:FirstMessageSeconds", 10, 1, 3600),
        };
    }
}
