using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Rtp;

namespace SipGateway.Media.Bench;

/// <summary>
/// Offers RTP to the A legs of a set of relays at a fixed total rate (or as fast as it can when the rate is 0).
/// Cheap per packet so it leaves the shared cores to the relay: each peer socket is connected to its relay leg
/// (send(2) instead of sendto(2): no address to marshal, the kernel keeps the route), packets are prebuilt and
/// only the sequence number and timestamp change. Pacing is a token bucket checked against a monotonic clock
/// with short sleeps, so an offered rate above what the relay forwards shows up as loss instead of as a
/// generator that takes the CPU the relay needed.
/// </summary>
internal sealed class RelayTrafficGenerator
{
    private readonly Socket[] _peers;
    private readonly int _threads;
    private long _offered;

    public RelayTrafficGenerator(Socket[] connectedPeers, int threads)
    {
        _peers = connectedPeers;
        _threads = threads;
    }

    public long Offered => Interlocked.Read(ref _offered);

    /// <summary>Sends for <paramref name="duration"/> at <paramref name="packetsPerSecond"/> in total (0: unpaced)
    /// and returns when every sender thread has stopped.</summary>
    public void Run(double packetsPerSecond, TimeSpan duration)
    {
        var threads = new Thread[_threads];
        for (int t = 0; t < _threads; t++)
        {
            int first = t;
            threads[t] = new Thread(() => Send(first, packetsPerSecond / _threads, duration)) { IsBackground = true, Name = $"rtp-gen-{t}" };
            threads[t].Start();
        }
        foreach (var thread in threads) thread.Join(duration + TimeSpan.FromSeconds(5));
    }

    private void Send(int first, double rate, TimeSpan duration)
    {
        // Thread t serves peers t, t + threads, ...: each peer socket is used by exactly one thread.
        // The same scheduling weight as the relay's receive threads: the generator stands in for peers on other
        // machines, so on a shared box it must not lose the CPU to unrelated work any more than the relay does.
        SipGateway.Media.Pacing.ThreadScheduling.TryRaiseCurrentThreadNice(SipGateway.Media.Relay.RtpLeg.RelayNice);
        var mine = new List<Socket>();
        for (int i = first; i < _peers.Length; i += _threads) mine.Add(_peers[i]);
        if (mine.Count == 0) return;
        var packets = new byte[mine.Count][];
        for (int i = 0; i < mine.Count; i++)
        {
            packets[i] = new byte[RtpPacket.HeaderSize + 160];
            RtpPacket.WriteHeader(packets[i], false, 0, (ushort)(i * 1000), 0, 0x1000u + (uint)(first + (i * _threads)));
        }
        ushort seq = 0;
        uint ts = 0;
        long sent = 0;
        long start = Stopwatch.GetTimestamp();
        long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        double perTick = rate / Stopwatch.Frequency;
        while (true)
        {
            long now = Stopwatch.GetTimestamp();
            if (now >= end) break;
            long due = rate > 0 ? (long)((now - start) * perTick) - sent : 64;
            if (due <= 0)
            {
                Thread.Sleep(1); // the socket buffers absorb the resulting bursts (a few hundred packets)
                continue;
            }
            // Bounded bursts: a late thread catches up, but never with more than a few ms of traffic at once.
            due = Math.Min(due, 512);
            for (long k = 0; k < due; k++)
            {
                int i = (int)((sent + k) % mine.Count);
                var p = packets[i];
                if (i == 0)
                {
                    seq++;
                    ts += 160;
                }
                // Sequence and timestamp bytes only (RFC 3550 §5.1 offsets 2 and 4), the rest is prebuilt.
                p[2] = (byte)(seq >> 8); p[3] = (byte)seq;
                p[4] = (byte)(ts >> 24); p[5] = (byte)(ts >> 16); p[6] = (byte)(ts >> 8); p[7] = (byte)ts;
                try { mine[i].Send(p); }
                catch (SocketException) { } // ICMP refusal from a leg that just closed
            }
            sent += due;
        }
        Interlocked.Add(ref _offered, sent);
    }
}
