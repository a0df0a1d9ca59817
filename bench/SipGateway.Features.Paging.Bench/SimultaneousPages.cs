using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Codecs;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;

namespace SipGateway.Features.Paging.Bench;

/// <summary>
/// How many pages one paging server carries at once with the pacer's p99 send error under 2 ms: N pages started on one
/// <see cref="PagingServer"/> with one pacer thread (as the host wires it), each answered caller leg fed 20 ms mu-law
/// packets, each page sending its own multicast group after the go-ahead tone.
/// </summary>
internal static class SimultaneousPages
{
    public static void Run(int[] levels, double seconds)
    {
        Console.WriteLine($"simultaneous pages (one pacer thread, caller audio in, one multicast group each), {seconds:F0} s per level:");
        Console.WriteLine("  pages   live   multicast packets/s   pacing error p50 / p99 / max (ms)   result");
        int best = 0;
        foreach (var n in levels)
        {
            var r = RunLevel(n, seconds);
            bool ok = r.P99 < 2.0 && r.Live == n;
            Console.WriteLine($"  {n,5}   {r.Live,4}   {r.MulticastPps,19:F0}   {r.P50,8:F2} / {r.P99,5:F2} / {r.Max,6:F2}            {(ok ? "ok" : "FAIL")}");
            if (!ok) break;
            best = n;
        }
        Console.WriteLine($"  max simultaneous pages with p99 pacing error < 2 ms: {best} (target >= 200)");
    }

    private sealed record Level(int Live, double MulticastPps, double P50, double P99, double Max);

    private static Level RunLevel(int n, double seconds)
    {
        using var pacer = new PacedSender(threads: 1);
        var groups = new Dictionary<string, RecipientGroup>();
        var numbers = new List<DialCastNumber>();
        for (int i = 0; i < n; i++)
        {
            var name = $"G{i}";
            groups[name] = new RecipientGroup(name, new IPEndPoint(IPAddress.Parse($"239.30.{i / 200}.{i % 200 + 1}"), 20480), [], SkipBusy: false);
            numbers.Add(new DialCastNumber((7000 + i).ToString(), null, [name]));
        }
        var options = new PagingOptions { MinimumStall = TimeSpan.Zero, MaxConcurrentPages = n, DialCast = numbers, RecipientGroups = groups };
        using var http = new HttpClient();
        var server = new PagingServer(options, pacer, new ToneOptions(), _ => false, http, TimeProvider.System, NullLogger<PagingServer>.Instance);
        var ports = new RtpPortAllocator(IPAddress.Loopback, PortRange.Parse("40000-59999"));
        using var callerEar = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp); // tones to callers land here, unread
        callerEar.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var legs = new List<RtpLeg>();
        var pages = new List<IDialCastPage>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                var page = server.Reserve((7000 + i).ToString(), null, out var refusal) ?? throw new InvalidOperationException(refusal);
                var leg = new RtpLeg(ports.Allocate());
                leg.SetRemote((IPEndPoint)callerEar.LocalEndPoint!);
                leg.AudioPayloadType = RtpPayloadTypes.Pcmu;
                leg.Start();
                legs.Add(leg);
                pages.Add(page);
                page.Start(new DialCastCall($"bench-{i}", (7000 + i).ToString(), null, "bench", leg));
            }
            using var stop = new CancellationTokenSource();
            var feeder = new Thread(() => Feed(legs, stop.Token)) { IsBackground = true, Name = "caller audio" };
            feeder.Start();
            Thread.Sleep(1000); // go-ahead tone (500 ms) done, every page live
            long sentBefore = server.Snapshot().Sum(p => p.Groups.Sum(g => g.PacketsSent));
            pacer.Statistics.Reset();
            var clock = Stopwatch.StartNew();
            Thread.Sleep(TimeSpan.FromSeconds(seconds));
            var views = server.Snapshot();
            double elapsed = clock.Elapsed.TotalSeconds;
            var stats = pacer.Statistics;
            var level = new Level(views.Count(p => p.State == "Live"), (views.Sum(p => p.Groups.Sum(g => g.PacketsSent)) - sentBefore) / elapsed,
                stats.Percentile(0.50), stats.Percentile(0.99), stats.MaxLatenessMs);
            stop.Cancel();
            feeder.Join(2000);
            return level;
        }
        finally
        {
            foreach (var p in pages) p.End("benchmark level done");
            foreach (var l in legs) l.Dispose();
        }
    }

    /// <summary>Every 20 ms, one 160-sample mu-law packet of a 1 kHz tone to every caller leg (what the callers say).</summary>
    private static void Feed(List<RtpLeg> legs, CancellationToken stop)
    {
        using var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var packet = new byte[RtpPacket.HeaderSize + 160];
        var pcm = new short[160];
        for (int i = 0; i < 160; i++) pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * 1000 * i / 8000));
        var targets = legs.Select(l => new IPEndPoint(IPAddress.Loopback, l.LocalPort)).ToArray();
        long start = Stopwatch.GetTimestamp();
        for (int frame = 0; !stop.IsCancellationRequested && frame < 100_000; frame++)
        {
            RtpPacket.WriteHeader(packet, frame == 0, RtpPayloadTypes.Pcmu, (ushort)frame, (uint)(frame * 160), 0x1234);
            MuLaw.Encode(pcm, packet.AsSpan(RtpPacket.HeaderSize));
            foreach (var t in targets)
            {
                try { s.SendTo(packet, t); } catch (SocketException) { }
            }
            long due = start + (frame + 1) * Stopwatch.Frequency / 50;
            int wait = (int)((due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency);
            if (wait > 0) Thread.Sleep(wait);
        }
    }
}
