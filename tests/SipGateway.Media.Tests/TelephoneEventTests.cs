using SipGateway.Media.Events;
using SipGateway.Media.Rtp;

namespace SipGateway.Media.Tests;

public class TelephoneEventTests
{
    [Fact]
    public void Event_block_encodes_per_rfc4733_section_2_3()
    {
        var buf = new byte[4];
        new TelephoneEvent(11, true, 10, 800).Write(buf);
        Assert.Equal(new byte[] { 11, 0x8A, 0x03, 0x20 }, buf);
        Assert.True(TelephoneEvent.TryParse(buf, out var ev));
        Assert.Equal(new TelephoneEvent(11, true, 10, 800), ev);
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('A', 12)]
    [InlineData('d', 15)]
    [InlineData('!', 16)]
    public void Digits_map_to_event_codes(char digit, byte code)
    {
        Assert.Equal(code, TelephoneEvent.FromDigit(digit));
        Assert.Equal(char.ToUpperInvariant(digit), TelephoneEvent.ToDigit(code));
    }

    [Fact]
    public void Sender_sets_marker_once_keeps_timestamp_and_sends_end_three_times()
    {
        var sender = new TelephoneEventSender(101, ssrc: 0x1234, initialSequence: 65534, initialTimestamp: 1000, intervalMs: 50);
        var packets = sender.BuildDigit('5', durationMs: 200);
        var headers = packets.Select(p => { Assert.True(RtpPacket.TryParse(p, out var h)); return h; }).ToList();
        var events = packets.Select(p => { TelephoneEvent.TryParse(p.AsSpan(12), out var e); return e; }).ToList();
        Assert.Equal(3 + 3, packets.Count); // updates at 50, 100, 150 ms then 3 x end at 200 ms
        Assert.True(headers[0].Marker);
        Assert.All(headers.Skip(1), h => Assert.False(h.Marker));
        Assert.All(headers, h => Assert.Equal(1000u, h.Timestamp));
        Assert.All(headers, h => Assert.Equal(101, h.PayloadType));
        Assert.Equal(new ushort[] { 65534, 65535, 0, 1, 2, 3 }, headers.Select(h => h.SequenceNumber));
        Assert.Equal(new ushort[] { 400, 800, 1200, 1600, 1600, 1600 }, events.Select(e => e.Duration));
        Assert.Equal(new[] { false, false, false, true, true, true }, events.Select(e => e.End));
        Assert.All(events, e => Assert.Equal(5, e.Event));

        var next = sender.BuildDigit('6', 100, gapMs: 50);
        Assert.True(RtpPacket.TryParse(next[0], out var h2));
        Assert.Equal(1000u + 1600 + 400, h2.Timestamp); // after the digit and the gap
    }

    [Fact]
    public void Long_events_are_split_into_segments()
    {
        var sender = new TelephoneEventSender(101, initialTimestamp: 0, intervalMs: 50);
        var packets = sender.BuildDigit('1', durationMs: 10_000); // 80000 samples > 65535
        var ends = packets.Where(p => (p[13] & 0x80) != 0).Select(p => RtpPacket.ReadTimestamp(p)).ToList();
        Assert.Equal(4, ends.Count); // one end for the first segment, three for the last
        Assert.Equal(0u, ends[0]);
        Assert.True(ends[1] > 0 && ends[1] == ends[3]);
    }

    [Fact]
    public void Receiver_reports_each_digit_once_despite_retransmitted_ends()
    {
        var sender = new TelephoneEventSender(101);
        var receiver = new TelephoneEventReceiver();
        var started = new List<char>();
        var ended = new List<ReceivedDigit>();
        receiver.DigitStarted += d => started.Add(d.Digit);
        receiver.DigitEnded += ended.Add;
        foreach (char c in "123#*A")
            foreach (var p in sender.BuildDigit(c, 120))
                receiver.Process(p);
        Assert.Equal("123#*A", new string(started.ToArray()));
        Assert.Equal(6, ended.Count);
        Assert.All(ended, e => Assert.Equal(120, e.DurationMs)); // the end packet carries the exact duration
    }

    [Fact]
    public void Receiver_recovers_a_digit_whose_start_packets_were_lost()
    {
        var sender = new TelephoneEventSender(101);
        var receiver = new TelephoneEventReceiver();
        var digits = new List<char>();
        receiver.DigitStarted += d => digits.Add(d.Digit);
        var packets = sender.BuildDigit('7', 200);
        foreach (var p in packets.Skip(3)) receiver.Process(p); // only the end packets arrive
        Assert.Equal(['7'], digits);
    }

    [Fact]
    public void Receiver_reads_a_redundant_earlier_event_in_a_multi_block_packet()
    {
        // One packet carrying the end of '4' (started at ts 1000, 800 long) and the start of '5' at ts 1800.
        var packet = new byte[12 + 8];
        RtpPacket.WriteHeader(packet, true, 101, 10, 1800, 99);
        new TelephoneEvent(4, true, 10, 800).Write(packet.AsSpan(12));
        new TelephoneEvent(5, false, 10, 400).Write(packet.AsSpan(16));
        var receiver = new TelephoneEventReceiver();
        var digits = receiver.Process(packet).Select(d => d.Digit);
        Assert.Equal(['4', '5'], digits);
    }
}
