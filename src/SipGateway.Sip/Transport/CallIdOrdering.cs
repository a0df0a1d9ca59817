using System.Net;
using System.Text;

namespace SipGateway.Sip.Transport;

/// <summary>
/// Keeps the datagrams of one Call-ID in arrival order when several threads receive from one UDP socket. Straight
/// after recvfrom returns, a thread finds its datagram's stripe by a hash of the raw Call-ID (no parsing yet). If no
/// other thread is processing that stripe, it takes the stripe and processes; otherwise it leaves the datagram in the
/// stripe's queue and goes back to receiving, and the thread holding the stripe processes the queue, in order, before
/// letting go. Without this two requests of one dialog could overtake each other between the socket and the dialog
/// layer (two INFO digits, say: the later CSeq first, then the earlier one refused 500 as out of order, RFC 3261
/// §12.2.2); only a thread stalled in the few instructions between receive and stripe can still be overtaken.
/// A B2BUA's two legs have different Call-IDs and run in parallel, as they already run beside timers and TCP readers.
/// Measured alternatives (bench/SipGateway.Calls.Bench, 2 cores): worker threads per Call-ID behind one receiver, a
/// thread wake per datagram, fell to 2,400 calls/s; a lock held while processing, where a thread sleeps behind the
/// ACK before its BYE, to 3,400 from 4,000 unordered.
/// </summary>
internal sealed class CallIdOrdering
{
    private readonly Stripe[] _stripes;

    public CallIdOrdering(int stripes = 4096)
    {
        _stripes = new Stripe[stripes];
        for (int i = 0; i < stripes; i++) _stripes[i] = new Stripe();
    }

    /// <summary>Processes <paramref name="datagram"/> now, together with any that queue behind it meanwhile, or
    /// queues it behind the thread already processing its Call-ID's stripe. <paramref name="process"/> must not throw
    /// (the listener's catches and logs): a stripe left busy would hold its Call-IDs' datagrams for good.</summary>
    public void Process(byte[] datagram, IPEndPoint from, Action<byte[], IPEndPoint> process)
    {
        var stripe = _stripes[CallIdHash(datagram) % (uint)_stripes.Length];
        lock (stripe)
        {
            if (stripe.Busy)
            {
                (stripe.Pending ??= new Queue<(byte[], IPEndPoint)>()).Enqueue((datagram, from));
                return;
            }
            stripe.Busy = true;
        }
        while (true)
        {
            process(datagram, from);
            lock (stripe)
            {
                if (stripe.Pending is not { Count: > 0 } pending)
                {
                    stripe.Busy = false;
                    return;
                }
                (datagram, from) = pending.Dequeue();
            }
        }
    }

    private sealed class Stripe
    {
        public bool Busy;
        public Queue<(byte[] Datagram, IPEndPoint From)>? Pending;
    }

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
