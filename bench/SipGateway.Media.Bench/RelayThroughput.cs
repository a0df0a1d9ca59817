using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Bench;

/// <summary>
/// RTP relay throughput on 127.0.0.1: relays between generator peers (A side) and far-end sockets (B side),
/// traffic offered at stepped rates and then unpaced, forwarded = packets the B legs sent. Like RFC 2544 §26.1
/// throughput, the figure that matters is the forwarded rate at an offered rate the relay keeps up with
/// (loss under 1 %, a tolerance for a shared machine); the unpaced step shows the ceiling when generator and
/// relay fight for the same cores. Every run is bounded in time.
/// </summary>
internal static class RelayThroughput
{
    public readonly record struct Step(double OfferedRate, long Offered, long Forwarded, double Seconds, TimeSpan Cpu)
    {
        /// <summary>Process CPU (generator and relay together) per forwarded packet: what the shared machine's
        /// load does not change much, unlike the rate.</summary>
        public double CpuMicrosecondsPerPacket => Forwarded == 0 ? 0 : Cpu.TotalMicroseconds / Forwarded;
        public double OfferedPps => Offered / Seconds;
        public double ForwardedPps => Forwarded / Seconds;
        public double Loss => Offered == 0 ? 0 : Math.Max(0, 1 - ((double)Forwarded / Offered));
    }

    public static List<Step> Run(int relayCount, int generatorThreads, bool batchedGenerator, double[] rates, double seconds)
    {
        var relays = new List<RtpRelay>();
        var peers = new List<Socket>();
        var results = new List<Step>();
        using var process = Process.GetCurrentProcess();
        try
        {
            var generatorPeers = new Socket[relayCount];
            for (int i = 0; i < relayCount; i++)
            {
                var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                var b = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                b.ReceiveBufferSize = 1 << 16; // not read: the far end only has to exist
                b.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                peers.Add(a);
                peers.Add(b);
                var legA = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)a.LocalEndPoint!);
                var legB = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback), (IPEndPoint)b.LocalEndPoint!);
                var relay = new RtpRelay(legA, legB);
                relay.Start(TimeSpan.Zero);
                relays.Add(relay);
                a.Connect(legA.LocalEndPoint);
                generatorPeers[i] = a;
            }
            var generator = new RelayTrafficGenerator(generatorPeers, generatorThreads, batchedGenerator);
            generator.Run(50_000, TimeSpan.FromSeconds(1)); // warm-up: JIT, latching, socket buffers
            Thread.Sleep(200);
            foreach (double rate in rates)
            {
                long offered0 = generator.Offered;
                long forwarded0 = relays.Sum(r => r.B.PacketsSent);
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                generator.Run(rate, TimeSpan.FromSeconds(seconds));
                double elapsed = sw.Elapsed.TotalSeconds;
                Thread.Sleep(100); // let the relay finish what is queued in its socket buffers
                long forwarded = relays.Sum(r => r.B.PacketsSent) - forwarded0;
                process.Refresh();
                results.Add(new Step(rate, generator.Offered - offered0, forwarded, elapsed, process.TotalProcessorTime - cpu0));
                Thread.Sleep(200);
            }
            return results;
        }
        finally
        {
            foreach (var r in relays) r.Dispose();
            foreach (var s in peers) s.Dispose();
        }
    }
}
