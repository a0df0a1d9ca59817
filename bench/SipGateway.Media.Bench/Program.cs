// SipGateway.Media benchmark: paced-stream capacity and RTP relay throughput, all on 127.0.0.1.
//   dotnet run -c Release --project bench/SipGateway.Media.Bench [-- --quick] [--relay] [--per-packet-generator] [--drain] [--spin-us N]
// Prints plain figures. Every loop is bounded in count and time.
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Audio;
using SipGateway.Media.Bench;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

bool quick = args.Contains("--quick");
// --drain: a receiver thread reads the paced packets (the "delivered" column); otherwise the kernel drops them at the sink socket.
bool drainSink = args.Contains("--drain");
// --relay: the relay measurement only (skips the paced-stream levels).
// --per-packet-generator: the relay's traffic is offered one send(2) per packet instead of in sendmmsg bursts.
bool relayOnly = args.Contains("--relay");
int[] levels = quick ? [1000, 2000, 3000] : [1000, 2000, 3000, 4000, 5000, 6000];
double seconds = quick ? 3 : 6;
double relaySeconds = quick ? 3 : 6;
// --spin-us N: the pacers' spin window before each deadline (0: sleep only), to compare with the default.
int spinArg = Array.IndexOf(args, "--spin-us");
int spinUs = spinArg >= 0 && spinArg + 1 < args.Length ? int.Parse(args[spinArg + 1]) : PacedSender.DefaultSpinMicroseconds;

Console.WriteLine($"SipGateway.Media benchmark ({(quick ? "quick" : "full")}), {Environment.ProcessorCount} cores, .NET {Environment.Version}");
if (!relayOnly)
{
    var clip = LoadClip();
    Console.WriteLine($"source: {clip.Name} ({clip.Duration.TotalSeconds:F1} s, looped), G.711 mu-law, ptime 20 ms, 2 pacer threads, spin {spinUs} µs");
    Console.WriteLine();
    Console.WriteLine("paced streams   packets/s   send error p50 / p99 / max (ms)      delivered   result");
    int best = 0;
    foreach (int n in levels)
    {
        var r = RunPacing(clip, n, seconds, drainSink, spinUs);
        bool ok = r.P99 < 2.0 && r.SentRatio > 0.99;
        string delivered = drainSink ? r.DeliveredRatio.ToString("P1") : "-";
        Console.WriteLine($"{n,13}   {r.Pps,9:F0}   {r.P50,6:F2} / {r.P99,6:F2} / {r.Max,7:F2}            {delivered,8}   {(ok ? "ok" : "FAIL")}");
        if (!ok) break;
        best = n;
    }
    Console.WriteLine($"max concurrent paced streams with p99 pacing error < 2 ms: {best} (target >= 2000)");
    Console.WriteLine();
}

RunRelay(quick, relaySeconds, batchedGenerator: !args.Contains("--per-packet-generator"));
return 0;

static AudioClip LoadClip()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir != null && !File.Exists(Path.Combine(dir.FullName, "media", "hold-music.wav"))) dir = dir.Parent;
    if (dir != null) return WavReader.Read(Path.Combine(dir.FullName, "media", "hold-music.wav"));
    var s = new short[8000];
    for (int i = 0; i < s.Length; i++) s[i] = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 8000));
    return new AudioClip("440 Hz", s);
}

static (double Pps, double P50, double P99, double Max, double SentRatio, double DeliveredRatio) RunPacing(AudioClip clip, int streams, double seconds, bool drainSink, int spinUs)
{
    using var sink = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    sink.ReceiveBufferSize = 8 << 20;
    sink.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    sink.ReceiveTimeout = 200;
    var dest = (IPEndPoint)sink.LocalEndPoint!;
    long delivered = 0;
    bool draining = true;
    var drain = new Thread(() =>
    {
        var buf = new byte[2048];
        while (Volatile.Read(ref draining))
        {
            try { sink.Receive(buf); delivered++; }
            catch (SocketException) { }
        }
    }) { IsBackground = true };
    if (drainSink) drain.Start(); // off by default: reading competes with the pacer for the same 2 cores

    var sockets = new List<Socket>(streams);
    var list = new List<PacedStream>(streams);
    using var pacer = new PacedSender(2, spinMicroseconds: spinUs);
    try
    {
        for (int i = 0; i < streams; i++)
        {
            var s = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp); // one socket per call leg, as in the gateway
            s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sockets.Add(s);
            // Calls arrive at random times: spread the first deadlines over one period.
            var options = new PacedStreamOptions { StartDelay = TimeSpan.FromMilliseconds(20.0 * i / streams) };
            list.Add(pacer.Start(clip.CreateSource(loop: true), new UdpRtpSink(s, dest), options));
        }
        Thread.Sleep(1000); // warm-up
        pacer.Statistics.Reset();
        long sent0 = list.Sum(s => s.PacketsSent);
        long delivered0 = Interlocked.Read(ref delivered);
        var sw = Stopwatch.StartNew();
        Thread.Sleep(TimeSpan.FromSeconds(seconds));
        double elapsed = sw.Elapsed.TotalSeconds;
        long sent = list.Sum(s => s.PacketsSent) - sent0;
        long got = Interlocked.Read(ref delivered) - delivered0;
        var stats = pacer.Statistics;
        double expected = streams * 50 * elapsed;
        return (sent / elapsed, stats.Percentile(0.5), stats.Percentile(0.99), stats.MaxLatenessMs, sent / expected, sent == 0 ? 0 : (double)got / sent);
    }
    finally
    {
        foreach (var s in list) s.Stop();
        Volatile.Write(ref draining, false);
        if (drain.IsAlive) drain.Join(1000);
        foreach (var s in sockets) s.Dispose();
    }
}

static void RunRelay(bool quick, double seconds, bool batchedGenerator)
{
    const int Relays = 4, GeneratorThreads = 1;
    double[] rates = quick ? [100_000, 200_000, 250_000, 0] : [100_000, 150_000, 200_000, 250_000, 300_000, 0];
    Console.WriteLine($"relay: {Relays} relays, {GeneratorThreads} generator thread ({(batchedGenerator ? "bursts of 16 per sendmmsg" : "one send per packet")}), {seconds:F0} s per offered rate");
    Console.WriteLine("  offered rate   offered pps   forwarded pps     loss   CPU us/packet");
    var steps = RelayThroughput.Run(Relays, GeneratorThreads, batchedGenerator, rates, seconds);
    foreach (var s in steps)
        Console.WriteLine($"{(s.OfferedRate == 0 ? "unpaced" : s.OfferedRate.ToString("F0")),14}   {s.OfferedPps,11:F0}   {s.ForwardedPps,13:F0}   {s.Loss,6:P1}   {s.CpuMicrosecondsPerPacket,13:F2}");
    double kept = steps.Where(s => s.Loss < 0.01).Select(s => s.ForwardedPps).DefaultIfEmpty(0).Max();
    var best = steps.OrderByDescending(s => s.ForwardedPps).First();
    Console.WriteLine($"relay throughput: {kept:F0} packets/s forwarded with < 1 % loss; peak {best.ForwardedPps:F0} packets/s (target >= 200000)");
}
