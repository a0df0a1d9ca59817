using System.Globalization;

namespace SipGateway.Media.Events;

/// <summary>A DTMF digit carried in a SIP INFO body, and how long it was pressed.</summary>
public readonly record struct DtmfDigit(char Digit, TimeSpan Duration);

/// <summary>
/// Bodies of SIP INFO requests that carry DTMF (RFC 6086 leaves the package to the application): the de-facto Cisco
/// <c>application/dtmf-relay</c> format, lines <c>Signal=5</c> and <c>Duration=160</c> (ms), and <c>application/dtmf</c>,
/// whose body is the digit alone. Used to interwork with RFC 4733 telephone events (see
/// <see cref="Relay.RtpLeg.DigitReceived"/> and <see cref="Relay.RtpLeg.SendDigitAsync"/>). Digits are 0-9, *, #, A-D;
/// '!' (or event code 16) is hook flash. Some devices send the RFC 4733 event code instead of the character
/// (<c>Signal=10</c> for *, 11 for #, 12-15 for A-D); those are accepted too.
/// </summary>
public static class SipInfoDtmf
{
    public const string DtmfRelayContentType = "application/dtmf-relay";
    public const string DtmfContentType = "application/dtmf";

    /// <summary>Duration assumed when the body gives none (application/dtmf, or dtmf-relay without Duration or with 0).</summary>
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest duration accepted: RFC 4733 events longer than this are not key presses.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromSeconds(60);

    /// <summary>Whether a Content-Type (parameters allowed, any case) is one of the two DTMF body types.</summary>
    public static bool IsDtmfContentType(string? contentType)
    {
        var media = MediaType(contentType);
        return media.Equals(DtmfRelayContentType, StringComparison.OrdinalIgnoreCase)
            || media.Equals(DtmfContentType, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Parses an INFO body of the given Content-Type. Throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static DtmfDigit Parse(string? contentType, string? body)
        => TryParse(contentType, body, out var digit, out var error) ? digit : throw new FormatException(error);

    /// <summary>Parses an INFO body; on failure returns false and a message for logs and the 400 reason.</summary>
    public static bool TryParse(string? contentType, string? body, out DtmfDigit digit, out string? error)
    {
        digit = default;
        var media = MediaType(contentType);
        if (media.Equals(DtmfContentType, StringComparison.OrdinalIgnoreCase))
        {
            if (!TryParseSignal((body ?? "").Trim(), out char c, out error)) return false;
            digit = new DtmfDigit(c, DefaultDuration);
            return true;
        }
        if (!media.Equals(DtmfRelayContentType, StringComparison.OrdinalIgnoreCase))
        {
            error = $"Content-Type '{contentType}' is not {DtmfRelayContentType} or {DtmfContentType}";
            return false;
        }
        return TryParseDtmfRelay(body ?? "", out digit, out error);
    }

    /// <summary>The <c>application/dtmf-relay</c> body for a digit: <c>Signal=5\r\nDuration=160\r\n</c>.</summary>
    public static string FormatDtmfRelay(char digit, TimeSpan duration)
    {
        byte code = TelephoneEvent.FromDigit(digit); // throws for a character that is not a digit
        if (duration <= TimeSpan.Zero || duration > MaxDuration)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "1 ms .. 60 s");
        char signal = TelephoneEvent.ToDigit(code)!.Value; // normalised: upper-case A-D
        return string.Create(CultureInfo.InvariantCulture, $"Signal={signal}\r\nDuration={(long)Math.Round(duration.TotalMilliseconds)}\r\n");
    }

    private static bool TryParseDtmfRelay(string body, out DtmfDigit digit, out string? error)
    {
        digit = default;
        char? signal = null;
        TimeSpan duration = DefaultDuration;
        bool sawDuration = false;
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.Trim(); // also drops the \r of CRLF
            if (line.Length == 0) continue;
            int eq = line.IndexOf('=');
            if (eq <= 0)
            {
                error = $"{DtmfRelayContentType} line '{line}' is not name=value";
                return false;
            }
            var name = line[..eq].Trim();
            var value = line[(eq + 1)..].Trim();
            if (name.Equals("Signal", StringComparison.OrdinalIgnoreCase))
            {
                if (signal != null)
                {
                    error = $"{DtmfRelayContentType} body has more than one Signal line";
                    return false;
                }
                if (!TryParseSignal(value, out char c, out error)) return false;
                signal = c;
            }
            else if (name.Equals("Duration", StringComparison.OrdinalIgnoreCase))
            {
                if (sawDuration)
                {
                    error = $"{DtmfRelayContentType} body has more than one Duration line";
                    return false;
                }
                sawDuration = true;
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out long ms) || ms > (long)MaxDuration.TotalMilliseconds)
                {
                    error = $"{DtmfRelayContentType} Duration '{value}' is not a number of milliseconds 0..{(long)MaxDuration.TotalMilliseconds}";
                    return false;
                }
                if (ms > 0) duration = TimeSpan.FromMilliseconds(ms); // 0: the sender does not know; use the default
            }
            // Other names (some devices add e.g. "Volume") are ignored.
        }
        if (signal == null)
        {
            error = body.Trim().Length == 0 ? $"{DtmfRelayContentType} body is empty" : $"{DtmfRelayContentType} body has no Signal line";
            return false;
        }
        digit = new DtmfDigit(signal.Value, duration);
        error = null;
        return true;
    }

    private static bool TryParseSignal(string value, out char digit, out string? error)
    {
        digit = default;
        error = null;
        if (value.Length == 1 && IsDigitChar(value[0]))
        {
            digit = char.ToUpperInvariant(value[0]);
            return true;
        }
        // RFC 4733 §3.2 event codes 10-16 for * # A-D and flash, as some devices send them.
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int code) && code is >= 10 and <= TelephoneEvent.Flash)
        {
            digit = TelephoneEvent.ToDigit((byte)code)!.Value;
            return true;
        }
        error = value.Length == 0 ? "DTMF signal is empty" : $"DTMF signal '{value}' is not one of 0-9 * # A-D (or ! for flash)";
        return false;
    }

    private static bool IsDigitChar(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D') or (>= 'a' and <= 'd') or '!';

    private static ReadOnlySpan<char> MediaType(string? contentType)
    {
        if (contentType == null) return default;
        var span = contentType.AsSpan();
        int semi = span.IndexOf(';');
        return (semi >= 0 ? span[..semi] : span).Trim();
    }
}
