using System.Globalization;
using System.Text;
using SipGateway.Sip.Message;

namespace SipGateway.Calls.Registration;

/// <summary>
/// The parts of a REGISTER the registrar acts on, read and checked before anything else (RFC 3261 §10.3
/// steps 5–6): the AOR from To, the Contacts, the Expires header, Call-ID and CSeq.
/// </summary>
internal sealed class RegisterRequest
{
    public required SipUri AorUri { get; init; }

    /// <summary>The AOR for display: the To URI without parameters or headers, user part still escaped.</summary>
    public required string Aor { get; init; }

    /// <summary>§10.3 step 5 canonical form: parameters dropped, user unescaped (so %00 is kept, RFC 4475 escnull).</summary>
    public required string AorKey { get; init; }

    /// <summary>The AOR's user part unescaped: what is matched against a device's DNs.</summary>
    public required string AorUser { get; init; }

    public required IReadOnlyList<NameAddress> Contacts { get; init; }
    public bool IsWildcard { get; init; }

    /// <summary>The Expires header in seconds; null when absent or malformed.</summary>
    public long? ExpiresHeader { get; init; }

    public required string CallId { get; init; }
    public required uint CSeq { get; init; }
    public string? UserAgent { get; init; }

    public static bool TryRead(SipRequest request, out RegisterRequest register, out string? badRequest)
    {
        register = null!;
        badRequest = null;
        // RFC 4475 §3.3.4 (unksm2): the To of a REGISTER must be a SIP or SIPS AOR.
        var to = request.To;
        if (to is null) { badRequest = "malformed To"; return false; }
        if (!to.Uri.IsSip) { badRequest = $"To must be a sip or sips URI, not '{to.Uri.Scheme}:'"; return false; }
        if (string.IsNullOrEmpty(to.Uri.User)) { badRequest = "To has no user part"; return false; }
        if (request.CSeq is not { } cseq || request.CallId is not { Length: > 0 } callId) { badRequest = "malformed CSeq or Call-ID"; return false; }

        var contacts = new List<NameAddress>();
        foreach (var value in request.Headers.GetValues(HeaderId.Contact))
        {
            if (!NameAddress.TryParse(value, out var contact, out var why)) { badRequest = $"malformed Contact: {why}"; return false; }
            if (!contact.IsWildcard && !contact.Uri.IsSip) { badRequest = $"Contact '{contact.Uri.Scheme}:' URIs cannot be reached"; return false; }
            contacts.Add(contact);
        }
        var expiresHeader = ReadDeltaSeconds(request.Headers[HeaderId.Expires]);
        bool wildcard = contacts.Any(c => c.IsWildcard);
        // §10.3 step 6: "*" is valid only alone and with Expires: 0.
        if (wildcard && contacts.Count > 1) { badRequest = "Contact * must be the only Contact"; return false; }
        if (wildcard && expiresHeader != 0) { badRequest = "Contact * requires Expires: 0"; return false; }

        var user = to.Uri.UserUnescaped!;
        var host = to.Uri.Host.ToLowerInvariant();
        register = new RegisterRequest
        {
            AorUri = to.Uri,
            Aor = new StringBuilder(to.Uri.Scheme).Append(':').Append(to.Uri.User).Append('@').Append(to.Uri.HostPort).ToString(),
            AorKey = $"{to.Uri.Scheme}:{user}@{host}" + (to.Uri.Port is int p ? $":{p}" : ""),
            AorUser = user,
            Contacts = contacts,
            IsWildcard = wildcard,
            ExpiresHeader = expiresHeader,
            CallId = callId,
            CSeq = cseq.Number,
            UserAgent = request.Headers[HeaderId.UserAgent]?.Trim(),
        };
        return true;
    }

    /// <summary>
    /// delta-seconds (RFC 3261 §25.1); values beyond 2^32-1 read as 2^32-1 (§20.19). Malformed values give null,
    /// which the registrar treats like an absent value (§20.19: as if 3600, i.e. its default).
    /// </summary>
    public static long? ReadDeltaSeconds(string? text)
    {
        if (text is null) return null;
        var s = text.AsSpan().Trim();
        if (s.IsEmpty) return null;
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return null;
        return long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v <= uint.MaxValue ? v : uint.MaxValue;
    }
}
