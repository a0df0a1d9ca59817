using System.Buffers;
using BenchmarkDotNet.Attributes;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Bench;

[MemoryDiagnoser]
public class ParseBenchmarks
{
    private readonly byte[] _invite = TypicalInvite.Bytes;
    private readonly ArrayBufferWriter<byte> _writer = new(2048);
    private SipMessage _parsed = null!;

    [GlobalSetup]
    public void Setup() => _parsed = SipParser.ParseDatagram(_invite).Message!;

    [Benchmark(Description = "parse INVITE+SDP")]
    public SipMessage? Parse() => SipParser.ParseDatagram(_invite).Message;

    [Benchmark(Description = "parse + read Call-ID, CSeq, top Via")]
    public object? ParseAndRead()
    {
        var m = SipParser.ParseDatagram(_invite).Message!;
        return (m.CallId, m.CSeq, m.TopVia?.Branch);
    }

    [Benchmark(Description = "serialize INVITE+SDP")]
    public int Serialize()
    {
        _writer.ResetWrittenCount();
        SipSerializer.Write(_parsed, _writer);
        return _writer.WrittenCount;
    }
}
