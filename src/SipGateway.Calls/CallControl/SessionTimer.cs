using System.Globalization;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// RFC 4028 session timer state of one call leg: the negotiated interval, who refreshes, and the pending timer
/// (our refresh at half the interval, or the expiry check when the peer refreshes).
/// </summary>
internal sealed class SessionTimer
{
    public SessionTimer(TimeSpan interval, bool weRefresh)
    {
        Interval = interval;
        WeRefresh = weRefresh;
    }

    public TimeSpan Interval { get; set; }
    public bool WeRefresh { get; set; }
    public TimerHandle? Pending { get; set; }

    /// <summary>Parses "1800;refresher=uac". False when absent or malformed.</summary>
    public static bool TryParse(string? header, out TimeSpan interval, out string? refresher)
    {
        interval = default;
        refresher = null;
        if (string.IsNullOrWhiteSpace(header)) return false;
        var parts = header.Split(';', StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds <= 0) return false;
        interval = TimeSpan.FromSeconds(seconds);
        foreach (var p in parts.Skip(1))
            if (p.StartsWith("refresher=", StringComparison.OrdinalIgnoreCase)) refresher = p[10..].ToLowerInvariant();
        return true;
    }

    public static bool Supports(SipMessage message, string option) =>
        message.Headers.GetValues(HeaderId.Supported).Concat(message.Headers.GetValues(HeaderId.Require))
            .Any(v => v.Equals(option, StringComparison.OrdinalIgnoreCase));

    /// <summary>When the refresher fails to refresh, the other side ends the session this long before expiry
    /// (RFC 4028 §10: the lesser of 32 s and a third of the interval).</summary>
    public TimeSpan ExpiryCheck => Interval - TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(32).Ticks, Interval.Ticks / 3));
}
