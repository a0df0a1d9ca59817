using System.Buffers;
using System.Diagnostics;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Bench;

/// <summary>A short single-thread measurement (Stopwatch, bounded iterations) for a quick look without BenchmarkDotNet.</summary>
internal static class QuickMeasurement
{
    public static void Run(int seconds)
    {
        var invite = TypicalInvite.Bytes;
        var parsed = SipParser.ParseDatagram(invite);
        if (parsed.Status != SipParseStatus.Ok) throw new InvalidOperationException("benchmark message does not parse: " + parsed.Error);
        var writer = new ArrayBufferWriter<byte>(2048);
        Report("parse", seconds, () => SipParser.ParseDatagram(invite));
        Report("serialize", seconds, () => { writer.ResetWrittenCount(); SipSerializer.Write(parsed.Message!, writer); });
        Report("parse+serialize", seconds, () => { writer.ResetWrittenCount(); SipSerializer.Write(SipParser.ParseDatagram(invite).Message!, writer); });
        Console.WriteLine($"message size: {invite.Length} bytes, {parsed.Message!.Headers.Count} header fields");
    }

    private static void Report(string name, int seconds, Action action)
    {
        for (int i = 0; i < 20_000; i++) action(); // warm up (tiered JIT)
        long ops = 0;
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var limit = TimeSpan.FromSeconds(seconds);
        while (sw.Elapsed < limit && ops < 50_000_000)
        {
            for (int i = 0; i < 1000; i++) action();
            ops += 1000;
        }
        sw.Stop();
        long alloc = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        Console.WriteLine($"{name,-16} {ops / sw.Elapsed.TotalSeconds,12:N0} msg/s   {sw.Elapsed.TotalNanoseconds / ops,8:N0} ns/msg   {(double)alloc / ops,8:N0} bytes allocated/msg");
    }
}
