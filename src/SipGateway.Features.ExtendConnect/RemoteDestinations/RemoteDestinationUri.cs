namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// A directory-URI remote destination (UCM lets a remote destination be a URI such as alice@example.com): kept as
/// user@host with a leading "sip:" dropped and the host lower-cased (RFC 3261 §19.1.4: the host compares
/// case-insensitively, the user part case-sensitively).
/// </summary>
public static class RemoteDestinationUri
{
    /// <summary>True when <paramref name="destination"/> is a URI destination rather than digits.</summary>
    public static bool IsUri(string? destination) => destination is not null && destination.Contains('@');

    /// <summary>The stored form of <paramref name="typed"/>; false when it is not a user@host URI.</summary>
    public static bool TryNormalize(string? typed, out string uri)
    {
        uri = "";
        if (string.IsNullOrWhiteSpace(typed) || typed.Length > 128) return false;
        var text = typed.Trim();
        if (text.StartsWith("sip:", StringComparison.OrdinalIgnoreCase)) text = text[4..];
        int at = text.IndexOf('@');
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1) return false;
        var user = text[..at];
        var host = text[(at + 1)..];
        // RFC 3261 §25.1 unreserved user characters (no escapes, no parameters: a destination is a plain address).
        if (!user.All(c => char.IsAsciiLetterOrDigit(c) || "-_.!~*'+&=$,".Contains(c))) return false;
        if (host.StartsWith('.') || host.EndsWith('.') || host.Contains("..")
            || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')) return false;
        uri = user + "@" + host.ToLowerInvariant();
        return true;
    }
}
