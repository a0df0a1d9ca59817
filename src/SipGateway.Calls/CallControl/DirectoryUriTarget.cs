using SipGateway.Sip.Message;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Directory-URI destinations (Extend and Connect remote destinations such as alice@example.com): no digit analysis,
/// the INVITE carries sip:user@host as its Request-URI (RFC 3261 §8.1.1.1) and is sent to the configured trunk's
/// destination, which resolves the domain.
/// </summary>
internal static class DirectoryUriTarget
{
    /// <summary>The target for <paramref name="uri"/> (user@host) through trunk <paramref name="trunkName"/>; null when the
    /// trunk is unknown or out of service.</summary>
    public static CallTarget? For(TrunkDirectory trunks, TrunkMonitor? monitor, string uri, string trunkName, string callingNumber)
    {
        int at = uri.IndexOf('@');
        if (at <= 0 || trunks.Get(trunkName) is not { } trunk) return null;
        if (monitor is not null && !monitor.IsInService(trunk.Name)) return null;
        var requestUri = SipUri.Sip(uri[..at], uri[(at + 1)..]);
        if (trunk.Destination.Transport == SipTransportKind.Tcp) requestUri.Parameters.Set("transport", "tcp");
        var calling = trunk.Did is { } did && (trunk.PresentDid || string.IsNullOrEmpty(callingNumber)) ? did : callingNumber;
        // The To header is built as sip:CalledNumber@RequestUri.Host, so the called "number" is the URI's user part.
        return new CallTarget(trunk.Name, requestUri, trunk.Destination, uri[..at], calling, trunk.Name);
    }
}
