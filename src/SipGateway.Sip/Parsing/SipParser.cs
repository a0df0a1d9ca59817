using SipGateway.Sip.Message;

namespace SipGateway.Sip.Parsing;

/// <summary>
/// Parses SIP messages straight from bytes (RFC 3261 §7, §18.3). Header names are identified without allocating;
/// header values stay as offsets into the input until read. The message keeps a reference to the input memory,
/// so callers hand it memory they will not reuse.
/// </summary>
public static class SipParser
{
    private static ReadOnlySpan<byte> SipVersionPrefix => "SIP/"u8;

    public static SipParseResult ParseDatagram(ReadOnlyMemory<byte> datagram, SipParserLimits? limits = null) =>
        Parse(datagram, stream: false, limits ?? SipParserLimits.Default);

    public static SipParseResult ParseStream(ReadOnlyMemory<byte> buffer, SipParserLimits? limits = null) =>
        Parse(buffer, stream: true, limits ?? SipParserLimits.Default);

    /// <summary>Parses a message from text (tests, tools).</summary>
    public static SipMessage ParseText(string text)
    {
        var r = ParseDatagram(System.Text.Encoding.UTF8.GetBytes(text));
        return r.Status == SipParseStatus.Ok ? r.Message! : throw new FormatException(r.Error);
    }

    private static SipParseResult Parse(ReadOnlyMemory<byte> memory, bool stream, SipParserLimits limits)
    {
        var data = memory.Span;
        int start = 0;
        // §7.5: CRLFs before the start-line are ignored (keep-alives on streams, RFC 5626 §3.5.1).
        while (start < data.Length && (data[start] == '\r' || data[start] == '\n')) start++;
        if (start == data.Length)
            return stream ? SipParseResult.NeedMore with { Consumed = start } : new(SipParseStatus.Invalid, null, data.Length, "empty message");

        int headerEnd = FindHeaderEnd(data, start, out int bodyStart);
        if (headerEnd < 0)
        {
            if (data.Length - start > limits.MaxHeaderBytes)
                return new(SipParseStatus.Invalid, null, data.Length, "header section exceeds the size limit", FramingLost: true);
            if (stream) return SipParseResult.NeedMore;
            // A datagram without the empty line (RFC 4475 baddn): its end is the end of the headers.
            headerEnd = data.Length;
            bodyStart = data.Length;
        }
        if (headerEnd - start > limits.MaxHeaderBytes)
            return new(SipParseStatus.Invalid, null, stream ? bodyStart : data.Length, "header section exceeds the size limit", FramingLost: true);

        int lineEnd = IndexOfLineEnd(data, start, headerEnd);
        var startLine = data[start..lineEnd];
        var headers = new SipHeaders(memory, 16);
        string? error = null;
        SipMessage message;
        if (startLine.StartsWith(SipVersionPrefix))
        {
            if (!TryParseStatusLine(startLine, out var version, out var code, out var reasonStart))
                return new(SipParseStatus.Invalid, null, stream ? bodyStart : data.Length, "malformed Status-Line");
            var reason = System.Text.Encoding.UTF8.GetString(startLine[reasonStart..]);
            message = new SipResponse(code, reason, headers, default, version);
        }
        else
        {
            ParseRequestLine(startLine, out var method, out var uri, out var version, ref error);
            if (method.Length == 0) return new(SipParseStatus.Invalid, null, stream ? bodyStart : data.Length, error ?? "malformed Request-Line");
            message = new SipRequest(method, uri, headers, default, version);
        }

        int pos = SkipLineEnd(data, lineEnd);
        if (!ReadHeaders(data, pos, headerEnd, headers, limits, ref error))
            return new(SipParseStatus.Invalid, message, stream ? bodyStart : data.Length, error, FramingLost: stream);

        // Framing by Content-Length (§18.3, §20.14).
        int available = data.Length - bodyStart;
        int? contentLength = null;
        for (int i = headers.IndexOf(HeaderId.ContentLength); i >= 0; i = headers.IndexOf(HeaderId.ContentLength, i + 1))
        {
            // Read straight from the wire bytes: no string for the common case.
            if (!TryReadContentLength(headers, i, out int cl))
                return Framing(message, stream, data.Length, bodyStart, $"invalid Content-Length '{headers.ValueAt(i)}'");
            if (contentLength is int prior && prior != cl)
                return Framing(message, stream, data.Length, bodyStart, "conflicting Content-Length values");
            contentLength = cl;
        }
        int bodyLength;
        if (contentLength is int length)
        {
            if (length > limits.MaxBodyBytes)
                return Framing(message, stream, data.Length, bodyStart, $"Content-Length {length} exceeds the limit of {limits.MaxBodyBytes}");
            if (length > available)
            {
                if (stream) return SipParseResult.NeedMore;
                return new(SipParseStatus.Invalid, message, data.Length, $"Content-Length {length} is larger than the {available} body bytes received");
            }
            bodyLength = length;
        }
        else
        {
            // Streams must carry Content-Length (§20.14); a datagram without it runs to its end (RFC 2543 compatibility).
            bodyLength = stream ? 0 : available;
        }
        message.Body = memory.Slice(bodyStart, bodyLength);
        int consumed = stream ? bodyStart + bodyLength : data.Length;
        return error is null
            ? new(SipParseStatus.Ok, message, consumed, null)
            : new(SipParseStatus.Invalid, message, consumed, error);
    }

    private static bool TryReadContentLength(SipHeaders headers, int index, out int length)
    {
        if (headers.TryGetRawValue(index, out var raw))
            return System.Buffers.Text.Utf8Parser.TryParse(raw, out length, out int used) && used == raw.Length && length >= 0
                && raw[0] is >= (byte)'0' and <= (byte)'9';
        return int.TryParse(headers.ValueAt(index).Trim(), System.Globalization.NumberStyles.None, null, out length);
    }

    private static SipParseResult Framing(SipMessage message, bool stream, int total, int bodyStart, string error) =>
        new(SipParseStatus.Invalid, message, stream ? bodyStart : total, error, FramingLost: stream);

    private static int FindHeaderEnd(ReadOnlySpan<byte> data, int start, out int bodyStart)
    {
        // The usual CRLFCRLF is found with a vectorised search; bare-LF endings (lenient, §7.5) fall back to a scan.
        int crlf = data[start..].IndexOf("\r\n\r\n"u8);
        int limit = crlf >= 0 ? start + crlf + 2 : data.Length;
        int lf = data[start..limit].IndexOf("\n\n"u8);
        if (lf >= 0)
        {
            bodyStart = start + lf + 2;
            return start + lf;
        }
        if (crlf >= 0)
        {
            bodyStart = start + crlf + 4;
            return start + crlf + 1;
        }
        bodyStart = -1;
        return -1;
    }

    private static int IndexOfLineEnd(ReadOnlySpan<byte> data, int from, int limit)
    {
        int i = data[from..limit].IndexOfAny((byte)'\r', (byte)'\n');
        return i < 0 ? limit : from + i;
    }

    private static int SkipLineEnd(ReadOnlySpan<byte> data, int pos)
    {
        if (pos < data.Length && data[pos] == '\r') pos++;
        if (pos < data.Length && data[pos] == '\n') pos++;
        return pos;
    }

    private static bool TryParseStatusLine(ReadOnlySpan<byte> line, out string version, out int code, out int reasonStart)
    {
        version = "";
        code = 0;
        reasonStart = line.Length;
        int sp = line.IndexOf((byte)' ');
        if (sp < 0) return false;
        version = line[..sp].SequenceEqual("SIP/2.0"u8) ? SipMessage.Version20 : System.Text.Encoding.ASCII.GetString(line[..sp]);
        var rest = line[(sp + 1)..];
        // Status-Code = 3DIGIT (§25.1); anything longer (RFC 4475 bigcode) is not a response.
        if (rest.Length < 3 || !IsDigit(rest[0]) || !IsDigit(rest[1]) || !IsDigit(rest[2])) return false;
        if (rest.Length > 3 && rest[3] != ' ') return false;
        code = (rest[0] - '0') * 100 + (rest[1] - '0') * 10 + (rest[2] - '0');
        if (code < 100) return false;
        reasonStart = Math.Min(line.Length, sp + 5);
        return true;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    private static void ParseRequestLine(ReadOnlySpan<byte> line, out string method, out string uri, out string version, ref string? error)
    {
        // Request-Line = Method SP Request-URI SP SIP-Version (§7.1): exactly two single spaces.
        method = uri = version = "";
        int sp1 = line.IndexOf((byte)' ');
        int sp2 = line.LastIndexOf((byte)' ');
        if (sp1 <= 0 || sp2 <= sp1)
        {
            error = "malformed Request-Line: expected 'METHOD Request-URI SIP-Version'";
            if (sp1 > 0) method = SipMethods.Intern(line[..sp1]);
            return;
        }
        var m = line[..sp1];
        if (!Lexer.IsToken(m)) { error = "malformed Request-Line: method is not a token"; return; }
        method = SipMethods.Intern(m);
        var v = line[(sp2 + 1)..];
        version = v.SequenceEqual("SIP/2.0"u8) ? SipMessage.Version20 : System.Text.Encoding.ASCII.GetString(v);
        var u = line[(sp1 + 1)..sp2];
        uri = System.Text.Encoding.UTF8.GetString(u);
        if (u.IndexOf((byte)' ') >= 0 || u.IsEmpty || v.IsEmpty)
            error = "malformed Request-Line: extra whitespace";
        else if (!v.StartsWith(SipVersionPrefix))
            error = "malformed Request-Line: no SIP-Version";
    }

    private static bool ReadHeaders(ReadOnlySpan<byte> data, int pos, int end, SipHeaders headers, SipParserLimits limits, ref string? error)
    {
        while (pos < end)
        {
            int lineEnd = IndexOfLineEnd(data, pos, end);
            // Folded continuation lines start with SP or HT (§7.3.1).
            bool folded = false;
            int next = SkipLineEnd(data, lineEnd);
            while (next < end && (data[next] == ' ' || data[next] == '\t'))
            {
                folded = true;
                lineEnd = IndexOfLineEnd(data, next, end);
                next = SkipLineEnd(data, lineEnd);
            }
            var line = data[pos..lineEnd];
            int colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                error = $"header line without a colon: '{System.Text.Encoding.UTF8.GetString(line[..Math.Min(line.Length, 40)])}'";
                return false;
            }
            int nameEnd = colon;
            while (nameEnd > 0 && (line[nameEnd - 1] == ' ' || line[nameEnd - 1] == '\t')) nameEnd--;
            var name = line[..nameEnd];
            if (!Lexer.IsToken(name)) { error = "header name is not a token"; return false; }
            int vs = colon + 1;
            while (vs < line.Length && (line[vs] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) vs++;
            int ve = line.Length;
            while (ve > vs && (line[ve - 1] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) ve--;
            if (headers.Count >= limits.MaxHeaderCount) { error = $"more than {limits.MaxHeaderCount} header fields"; return false; }
            bool valueFolded = folded && line[vs..ve].IndexOfAny((byte)'\r', (byte)'\n') >= 0;
            headers.AddRaw(HeaderNames.Identify(name), pos, nameEnd, pos + vs, ve - vs, valueFolded);
            pos = next;
        }
        return true;
    }
}
