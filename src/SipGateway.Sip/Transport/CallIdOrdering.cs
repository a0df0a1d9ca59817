using System.Text;

namespace SipGateway.Sip.Transport;

/// <summary>
/// Keeps the datagrams of one Call-ID in arrival order when several threads receive from one UDP socket: a thread
/// takes the lock of its datagram's Call-ID stripe straight after recvfrom returns (a scan of the raw bytes, before any
/// parsing) and holds it while the message is processed. Without it two requests of one dialog could overtake each
/// other between the socket and the dialog layer (two INFO digits, say: the later CSeq first, then the earlier one
/// refused 500 as out of order, RFC 3261 §12.2.2). Only a thread stalled in those few instructions between receive and
/// lock can still be overtaken. A B2BUA's two legs have different Call-IDs and run in parallel, as they already run
/// beside timers and TCP readers. Handing datagrams to per-Call-ID worker threads instead (one receiver, strict order)
/// was measured and dropped: a thread wake per datagram cut the 2-core rate from 4,000 to 2,400 calls/s.
/// </summary>
internal sealed class CallIdOrdering
{
    private readonly object[] _stripes;

    public CallIdOrdering(int stripes = 4096)
    {
        _stripes = new object[stripes];
        for (int i = 0; i < stripes; i++) _stripes[i] = new object();
    }

    /// <summary>The lock to hold while processing <paramref name="datagram"/>.</summary>
    public object LockFor(ReadOnlySpan<byte> datagram) => _stripes[CallIdHash(datagram) % (uint)_stripes.Length];

    /// <summary>
    /// A hash of the Call-ID header's value (long form or compact "i", any case, §7.3.1 and §7.3.3), read straight
    /// from the bytes. A retransmission is byte-identical, so it maps to the same stripe; a message without a
    /// readable Call-ID hashes to 0.
    /// </summary>
    internal static uint CallIdHash(ReadOnlySpan<byte> message)
    {
        int lineEnd = message.IndexOf((byte)'\n');
        while (lineEnd >= 0)
        {
            message = message[(lineEnd + 1)..];
            lineEnd = message.IndexOf((byte)'\n');
            var line = lineEnd >= 0 ? message[..lineEnd] : message;
            if (line.Length == 0 || line[0] == (byte)'\r') return 0; // the blank line: end of the headers
            int colon = line.IndexOf((byte)':');
            if (colon <= 0) continue;
            var name = line[..colon].TrimEnd(" \t"u8);
            if (!Ascii.EqualsIgnoreCase(name, "Call-ID"u8) && !Ascii.EqualsIgnoreCase(name, "i"u8)) continue;
            return Fnv1a(line[(colon + 1)..].Trim(" \t\r"u8));
        }
        return 0;
    }

    private static uint Fnv1a(ReadOnlySpan<byte> value)
    {
        uint hash = 2166136261;
        foreach (var b in value) hash = (hash ^ b) * 16777619;
        return hash;
    }
}
