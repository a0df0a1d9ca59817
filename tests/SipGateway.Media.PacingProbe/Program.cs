// Pacing probe: paces a 20 ms G.711 dial-tone stream with PacedSender to a UDP socket on 127.0.0.1 for 10 s, times
// every arrival on a dedicated receive thread, and prints one line of figures. The media tests run it as a child
// process so the measurement has the CPU to itself (loopback only; bounded: 550 packets, 30 s at most).
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Pacing;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;

const int Packets = 500; // 10 s
const int WarmUp = 50;   // first second: JIT and tiering settle; not measured
using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
receiver.ReceiveTimeout = 2000;
using var senderSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
senderSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

var arrivals = new long[Packets];
int count = 0;
// Dedicated receive thread: timestamps are taken the moment the datagram is handed over.
var rx = new Thread(() =>
{
    ThreadScheduling.TryRaiseCurrentThread();
    var buf = new byte[2048];
    var limit = Stopwatch.StartNew();
    for (int w = 0; w < WarmUp; w++)
    {
        try { receiver.Receive(buf); }
        catch (SocketException) { return; }
    }
    while (count < Packets && limit.Elapsed < TimeSpan.FromSeconds(25))
    {
        try { receiver.Receive(buf); }
        catch (SocketException) { break; }
        arrivals[count++] = Stopwatch.GetTimestamp();
    }
}) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "pacing-test-rx" };
rx.Start();

int gcBefore = GC.CollectionCount(0);
using var pacer = new PacedSender(1);
var tone = new ToneGenerator(new ToneOptions().Dial, TimeSpan.FromMilliseconds(20 * (Packets + WarmUp)));
var stream = pacer.Start(tone, new UdpRtpSink(senderSocket, (IPEndPoint)receiver.LocalEndPoint!));
if (!rx.Join(TimeSpan.FromSeconds(30))) { Console.WriteLine("error=receive-timeout"); return 1; }
if (!stream.Completion.Wait(TimeSpan.FromSeconds(5))) { Console.WriteLine("error=send-timeout"); return 1; }

if (count != Packets) { Console.WriteLine($"error=received-{count}-of-{Packets}"); return 1; }
Console.Error.WriteLine($"gen0 collections during the run: {GC.CollectionCount(0) - gcBefore}");
var deviations = new double[Packets - 1];
for (int i = 1; i < Packets; i++)
    deviations[i - 1] = Math.Abs(((arrivals[i] - arrivals[i - 1]) * 1000.0 / Stopwatch.Frequency) - 20.0);
var worst = deviations.Select((d, i) => (d, i)).OrderByDescending(x => x.d).Take(8).Select(x => $"#{x.i + 1}:{x.d:F2}");
 Console.Error.WriteLine($"pacer scheduling: {pacer.SchedulingClass}; send lateness p99 {pacer.Statistics.Percentile(0.99):F2} ms, max {pacer.Statistics.MaxLatenessMs:F2} ms");
Console.Error.WriteLine("worst intervals: " + string.Join(" ", worst));
Array.Sort(deviations);
double p50 = deviations[deviations.Length / 2];
double p99 = deviations[(int)Math.Ceiling(deviations.Length * 0.99) - 1];
double total = (arrivals[^1] - arrivals[0]) * 1000.0 / Stopwatch.Frequency;
Console.Error.WriteLine($"inter-arrival deviation from 20 ms: p50 {p50:F3} ms, p99 {p99:F3} ms, max {deviations[^1]:F3} ms; 499 intervals in {total:F1} ms");
Console.WriteLine(FormattableString.Invariant($"packets={Packets} p50={p50:F3} p99={p99:F3} max={deviations[^1]:F3} total={total:F1} lateness_p99={pacer.Statistics.Percentile(0.99):F2} scheduling={pacer.SchedulingClass}"));
return 0;
