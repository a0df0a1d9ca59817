using SipGateway.Media.Rtp;

namespace SipGateway.Media.Tests;

/// <summary>The rewriter's numbering for packets a leg adds (DTMF it sends) or leaves out (DTMF sent by INFO instead).</summary>
public class RewriterInsertSkipTests
{
    private static byte[] Packet(uint ssrc, ushort seq, uint ts)
    {
        var p = new byte[12 + 160];
        RtpPacket.WriteHeader(p, false, 0, seq, ts, ssrc);
        return p;
    }

    [Fact]
    public void Inserted_packets_take_the_next_numbers_and_relayed_audio_follows_them()
    {
        var rw = new RtpStreamRewriter(0xAB, initialSequence: 100, initialTimestamp: 8000);
        long tick = System.Diagnostics.Stopwatch.Frequency / 50; // 20 ms
        var a = Packet(7, 5000, 0); rw.Rewrite(a, tick);
        uint eventStart = rw.TimestampAt(tick + (tick / 2)); // 10 ms after the last audio packet
        Assert.Equal(8000u + 80, eventStart);
        var ev = Packet(1, 0, eventStart); rw.Insert(ev, tick + (tick / 2));
        var b = Packet(7, 5001, 160); rw.Rewrite(b, 2 * tick);
        Assert.Equal([100, 101, 102], new[] { a, ev, b }.Select(p => (int)RtpPacket.ReadSequence(p)));
        Assert.All(new[] { a, ev, b }, p => Assert.Equal(0xABu, RtpPacket.ReadSsrc(p)));
        Assert.Equal(eventStart, RtpPacket.ReadTimestamp(ev)); // kept: all packets of an event carry its start
        Assert.Equal(8000u + 160, RtpPacket.ReadTimestamp(b)); // audio keeps its own clock
        Assert.False(RtpPacket.TryParse(b, out var hb) && hb.Marker); // same source: no new talkspurt
    }

    [Fact]
    public void Skipped_packets_leave_no_gap_but_real_losses_and_late_packets_do_not_shift_the_numbering()
    {
        var rw = new RtpStreamRewriter(1, initialSequence: 10, initialTimestamp: 0);
        var p1 = Packet(7, 1, 0); rw.Rewrite(p1, 0);
        rw.Skip(Packet(7, 2, 160));                       // an event packet not forwarded
        var p3 = Packet(7, 3, 320); rw.Rewrite(p3, 0);
        Assert.Equal(11, RtpPacket.ReadSequence(p3));     // follows p1 directly
        rw.Skip(Packet(7, 2, 160));                       // a retransmission of an old one: ignored
        var p5 = Packet(7, 5, 640); rw.Rewrite(p5, 0);    // 4 was really lost: the gap stays
        Assert.Equal(13, RtpPacket.ReadSequence(p5));
        rw.Skip(Packet(9, 6, 0));                         // another source's packet: not ours to renumber
        var p6 = Packet(7, 6, 800); rw.Rewrite(p6, 0);
        Assert.Equal(14, RtpPacket.ReadSequence(p6));
    }
}
