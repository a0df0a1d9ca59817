using System.Buffers;
using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>
/// Writes a message to bytes. Unmodified parsed headers are copied from the wire bytes; Content-Length is always
/// written to match the body (one field, at the place of the first one, or last).
/// </summary>
public static class SipSerializer
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;
    private static ReadOnlySpan<byte> ColonSpace => ": "u8;

    public static byte[] Serialize(SipMessage message)
    {
        var writer = new ArrayBufferWriter<byte>(512 + message.Body.Length);
        Write(message, writer);
        return writer.WrittenSpan.ToArray();
    }

    public static void Write(SipMessage message, IBufferWriter<byte> writer)
    {
        if (message is SipRequest req)
        {
            WriteAscii(writer, req.Method);
            WriteByte(writer, (byte)' ');
            WriteUtf8(writer, req.RequestUriText);
            WriteByte(writer, (byte)' ');
            WriteAscii(writer, req.Version);
        }
        else
        {
            var resp = (SipResponse)message;
            WriteAscii(writer, resp.Version);
            WriteByte(writer, (byte)' ');
            var code = writer.GetSpan(3);
            code[0] = (byte)('0' + resp.StatusCode / 100 % 10);
            code[1] = (byte)('0' + resp.StatusCode / 10 % 10);
            code[2] = (byte)('0' + resp.StatusCode % 10);
            writer.Advance(3);
            WriteByte(writer, (byte)' ');
            WriteUtf8(writer, resp.ReasonPhrase);
        }
        writer.Write(Crlf);

        var headers = message.Headers;
        bool lengthWritten = false;
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers.IdAt(i) == HeaderId.ContentLength)
            {
                if (lengthWritten) continue;
                WriteContentLength(writer, headers, i, message.Body.Length);
                lengthWritten = true;
                continue;
            }
            if (headers.TryGetRawName(i, out var rawName)) writer.Write(rawName);
            else WriteAscii(writer, headers.NameAt(i));
            writer.Write(ColonSpace);
            if (headers.TryGetRawValue(i, out var rawValue)) writer.Write(rawValue);
            else WriteUtf8(writer, headers.ValueAt(i));
            writer.Write(Crlf);
        }
        if (!lengthWritten) WriteContentLength(writer, null, -1, message.Body.Length);
        writer.Write(Crlf);
        writer.Write(message.Body.Span);
    }

    private static void WriteContentLength(IBufferWriter<byte> writer, SipHeaders? headers, int index, int length)
    {
        if (headers is not null && headers.TryGetRawName(index, out var rawName)) writer.Write(rawName);
        else writer.Write("Content-Length"u8);
        writer.Write(ColonSpace);
        var span = writer.GetSpan(11);
        length.TryFormat(span, out int n);
        writer.Advance(n);
        writer.Write(Crlf);
    }

    private static void WriteByte(IBufferWriter<byte> writer, byte b)
    {
        writer.GetSpan(1)[0] = b;
        writer.Advance(1);
    }

    private static void WriteAscii(IBufferWriter<byte> writer, string s)
    {
        var span = writer.GetSpan(s.Length);
        for (int i = 0; i < s.Length; i++) span[i] = (byte)s[i];
        writer.Advance(s.Length);
    }

    private static void WriteUtf8(IBufferWriter<byte> writer, string s)
    {
        var span = writer.GetSpan(Encoding.UTF8.GetMaxByteCount(s.Length));
        writer.Advance(Encoding.UTF8.GetBytes(s, span));
    }
}
