using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Bench;

/// <summary>
/// Offers RTP to the A legs of a set of relays at a fixed total rate (or as fast as it can when the rate is 0).
/// Cheap per packet so it leaves the shared cores to the relay: packets are prebuilt (only the sequence number
/// and timestamp change) and each peer sends a burst of 16 per turn in one sendmmsg(2) on 64-bit Linux
/// (elsewhere send(2) on a socket connected to its relay leg). Pacing is a token bucket checked against a monotonic clock
/// with short sleeps, so an offered rate above what the relay forwards shows up as loss instead of as a
/// generator that takes the CPU the relay needed.
/// </summary>
internal sealed class RelayTrafficGenerator
{
    private const int Burst = 16;
    private const int PacketSize = RtpPacket.HeaderSize + 160;
    private readonly Socket[] _peers;
    private readonly int _threads;
    private long _offered;

    private readonly bool _batched;

    /// <param name="batched">Bursts in one sendmmsg(2) (64-bit Linux); false: one send(2) per packet, the
    /// costlier generator, to show the relay's figure does not depend on how its traffic is offered.</param>
    public RelayTrafficGenerator(Socket[] connectedPeers, int threads, bool batched)
    {
        _peers = connectedPeers;
        _threads = threads;
        _batched = batched && LinuxDatagramCalls.IsSupported;
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

    private unsafe void Send(int first, double rate, TimeSpan duration)
    {
        // The same scheduling weight as the relay's receive threads: the generator stands in for peers on other
        // machines, so on a shared box it must not lose the CPU to unrelated work any more than the relay does.
        ThreadScheduling.TryRaiseCurrentThreadNice(RtpLeg.RelayNice);
        // Thread t serves peers t, t + threads, ...: each peer socket is used by exactly one thread.
        var mine = new List<Socket>();
        for (int i = first; i < _peers.Length; i += _threads) mine.Add(_peers[i]);
        if (mine.Count == 0) return;
        // Each peer sends Burst packets per turn, in one sendmmsg(2) where available: the generator is the
        // bench's cost, not the relay's, so it should take as little of the shared CPU as it can.
        bool batched = _batched;
        using var batch = new SendBatch(Burst);
        byte* packets = (byte*)NativeMemory.AllocZeroed((nuint)(mine.Count * Burst * PacketSize));
        try
        {
            for (int i = 0; i < mine.Count; i++)
                for (int k = 0; k < Burst; k++)
                    RtpPacket.WriteHeader(new Span<byte>(packets + (((i * Burst) + k) * PacketSize), PacketSize), false, 0, 0, 0, 0x1000u + (uint)(first + (i * _threads)));
            var seq = new ushort[mine.Count];
            var ts = new uint[mine.Count];
            long sent = 0;
            long start = Stopwatch.GetTimestamp();
            long end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            double perTick = rate / Stopwatch.Frequency;
            int peer = 0;
            while (true)
            {
                long now = Stopwatch.GetTimestamp();
                if (now >= end) break;
                long due = rate > 0 ? (long)((now - start) * perTick) - sent : Burst;
                if (due < Burst)
                {
                    Thread.Sleep(1); // the relay's socket buffers absorb the resulting bursts (a few hundred packets)
                    continue;
                }
                // One burst per turn, peers in rotation: a late thread catches up a burst at a time.
                var socket = mine[peer];
                for (int k = 0; k < Burst; k++)
                {
                    var p = new Span<byte>(packets + (((peer * Burst) + k) * PacketSize), PacketSize);
                    seq[peer]++;
                    ts[peer] += 160;
                    // Sequence and timestamp only (RFC 3550 §5.1), the rest is prebuilt.
                    BinaryPrimitives.WriteUInt16BigEndian(p[2..], seq[peer]);
                    BinaryPrimitives.WriteUInt32BigEndian(p[4..], ts[peer]);
                    if (batched) batch.Add(socket, this, p, null); // connected: no address per message
                    else
                    {
                        try { socket.Send(p); }
                        catch (SocketException) { } // ICMP refusal from a leg that just closed
                    }
                }
                if (batched) batch.Flush(out _, out _, out _);
                sent += Burst;
                peer = (peer + 1) % mine.Count;
            }
            Interlocked.Add(ref _offered, sent);
        }
        finally
        {
            NativeMemory.Free(packets);
        }
    }
}
