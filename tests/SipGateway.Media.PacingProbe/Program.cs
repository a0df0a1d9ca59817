// Pacing probe: paces a 20 ms G.711 dial-tone stream with PacedSender to a UDP socket on 127.0.0.1 for 10 s, times
// every arrival, and prints one line of figures. The media tests run it as a child process so the measurement has
// the CPU to itself (loopback only; bounded: 550 packets, 30 s at most).
// Two clocks per arrival: the kernel's receive timestamp of the datagram (SIOCGSTAMPNS;
// on loopback it is taken as the sender's sendto(2) hands the packet over, so it shows the pacing itself) and the
// moment the receive thread got it (which adds that thread's own wake-up latency, the measuring instrument's noise).
//   dotnet SipGateway.Media.PacingProbe.dll [--spin-us N]   (N: PacedSender spin window, default the library's)
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SipGateway.Media.Pacing;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;

const int Packets = 500; // 10 s
const int WarmUp = 50;   // first second: JIT and tiering settle; not measured
int spinUs = PacedSender.DefaultSpinMicroseconds;
int spinArg = Array.IndexOf(args, "--spin-us");
if (spinArg >= 0 && spinArg + 1 < args.Length) spinUs = int.Parse(args[spinArg + 1]);

using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
receiver.ReceiveTimeout = 2000;
bool kernelStamps = KernelStamp.Enable(receiver);
using var senderSocket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
senderSocket.Bind(new IPEndPoint(IPAddress.Loopback, 0));

var arrivals = new long[Packets];
var kernelArrivals = new long[Packets]; // ns, CLOCK_REALTIME: only differences are used
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
        arrivals[count] = Stopwatch.GetTimestamp();
        kernelArrivals[count] = kernelStamps ? KernelStamp.Last(receiver) : 0;
        count++;
    }
}) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "pacing-test-rx" };
rx.Start();

int gcBefore = GC.CollectionCount(0);
long stealBefore = StealMilliseconds();
using var pacer = new PacedSender(1, spinMicroseconds: spinUs);
var tone = new ToneGenerator(new ToneOptions().Dial, TimeSpan.FromMilliseconds(20 * (Packets + WarmUp)));
var stream = pacer.Start(tone, new UdpRtpSink(senderSocket, (IPEndPoint)receiver.LocalEndPoint!));
if (!rx.Join(TimeSpan.FromSeconds(30))) { Console.WriteLine("error=receive-timeout"); return 1; }
if (!stream.Completion.Wait(TimeSpan.FromSeconds(5))) { Console.WriteLine("error=send-timeout"); return 1; }

if (count != Packets) { Console.WriteLine($"error=received-{count}-of-{Packets}"); return 1; }
long steal = StealMilliseconds() - stealBefore;
Console.Error.WriteLine($"gen0 collections during the run: {GC.CollectionCount(0) - gcBefore}; CPU time stolen by the hypervisor: {steal} ms");
var user = Deviations(arrivals, Stopwatch.Frequency);
var kernel = kernelStamps && kernelArrivals.All(t => t != 0) ? Deviations(kernelArrivals, 1_000_000_000) : null;
Console.Error.WriteLine($"pacer scheduling: {pacer.SchedulingClass}, spin {spinUs} µs; send lateness p99 {pacer.Statistics.Percentile(0.99):F2} ms, max {pacer.Statistics.MaxLatenessMs:F2} ms");
Console.Error.WriteLine("worst intervals (receive thread): " + user.Worst);
Console.Error.WriteLine($"inter-arrival deviation from 20 ms, receive thread: p50 {user.P50:F3} ms, p99 {user.P99:F3} ms, max {user.Max:F3} ms; 499 intervals in {user.Total:F1} ms");
if (kernel != null)
    Console.Error.WriteLine($"inter-arrival deviation from 20 ms, kernel timestamps: p50 {kernel.P50:F3} ms, p99 {kernel.P99:F3} ms, max {kernel.Max:F3} ms; worst {kernel.Worst}");
string kernelFields = kernel == null ? "kernel=none" : FormattableString.Invariant($"kernel_p50={kernel.P50:F3} kernel_p99={kernel.P99:F3} kernel_max={kernel.Max:F3}");
Console.WriteLine(FormattableString.Invariant($"packets={Packets} p50={user.P50:F3} p99={user.P99:F3} max={user.Max:F3} total={user.Total:F1} {kernelFields} lateness_p99={pacer.Statistics.Percentile(0.99):F2} scheduling={pacer.SchedulingClass} spin_us={spinUs} steal_ms={steal}"));
return 0;

static Figures Deviations(long[] times, long frequency)
{
    var deviations = new double[times.Length - 1];
    for (int i = 1; i < times.Length; i++)
        deviations[i - 1] = Math.Abs(((times[i] - times[i - 1]) * 1000.0 / frequency) - 20.0);
    string worst = string.Join(" ", deviations.Select((d, i) => (d, i)).OrderByDescending(x => x.d).Take(8).Select(x => $"#{x.i + 1}:{x.d:F2}"));
    Array.Sort(deviations);
    return new Figures(deviations[deviations.Length / 2], deviations[(int)Math.Ceiling(deviations.Length * 0.99) - 1], deviations[^1],
        (times[^1] - times[0]) * 1000.0 / frequency, worst);
}

// Time the hypervisor ran something else while this VM wanted the CPU (all CPUs, /proc/stat "steal", USER_HZ = 100):
// a pacer cannot be on time on a CPU that is not running, whatever its priority.
static long StealMilliseconds()
{
    try
    {
        var cpu = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return cpu.Length > 8 ? long.Parse(cpu[8]) * 10 : 0;
    }
    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
    {
        return 0;
    }
}

internal sealed record Figures(double P50, double P99, double Max, double Total, string Worst);

/// <summary>The kernel's receive timestamp of the last datagram read from a socket (Linux, SIOCGSTAMPNS ioctl(2)):
/// the first call turns stamping on for the socket (it fails then, nothing received yet); after each receive it
/// returns that datagram's stamp.</summary>
internal static class KernelStamp
{
    private const ulong SiocGStampNs = 0x8907;

    public static bool Enable(Socket socket)
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            Last(socket);
            return true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    public static long Last(Socket socket)
    {
        var ts = default(TimeSpec);
        return Ioctl((int)socket.SafeHandle.DangerousGetHandle(), SiocGStampNs, ref ts) == 0 ? (ts.Seconds * 1_000_000_000) + ts.Nanoseconds : 0;
    }

    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int Ioctl(int fd, ulong request, ref TimeSpec value);
}
