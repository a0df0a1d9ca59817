using SipGateway.Media.Rtp;

namespace SipGateway.Media.Tests;

public class RtpTests
{
    [Fact]
    public void Header_round_trips()
    {
        var buf = new byte[12 + 160];
        RtpPacket.WriteHeader(buf, true, 8, 65535, 0xDEADBEEF, 0x01020304);
        Assert.Equal(0x80, buf[0]);
        Assert.Equal(0x88, buf[1]);
        Assert.True(RtpPacket.TryParse(buf, out var p));
        Assert.True(p.Marker);
        Assert.Equal(8, p.PayloadType);
        Assert.Equal(65535, p.SequenceNumber);
        Assert.Equal(0xDEADBEEF, p.Timestamp);
        Assert.Equal(0x01020304u, p.Ssrc);
        Assert.Equal(12, p.PayloadOffset);
        Assert.Equal(160, p.PayloadLength);
    }

    [Fact]
    public void Parses_csrcs_extension_and_padding()
    {
        var buf = new byte[12 + 8 + 8 + 10 + 2];
        RtpPacket.WriteHeader(buf, false, 0, 1, 2, 3);
        buf[0] = 0x80 | 0x20 | 0x10 | 2; // padding, extension, 2 CSRCs
        buf[12 + 8 + 2] = 0; buf[12 + 8 + 3] = 1; // one extension word
        buf[^1] = 2; // two bytes of padding
        Assert.True(RtpPacket.TryParse(buf, out var p));
        Assert.Equal(12 + 8 + 8, p.PayloadOffset);
        Assert.Equal(10, p.PayloadLength);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0, 0 })]                                   // short
    [InlineData(new byte[] { 0x40, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]      // version 1
    [InlineData(new byte[] { 0x8F, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 })]      // 15 CSRCs missing
    public void Rejects_invalid_datagrams(byte[] datagram) => Assert.False(RtpPacket.TryParse(datagram, out _));

    [Fact]
    public void Sender_and_receiver_reports_round_trip_with_cname()
    {
        var buf = new byte[256];
        var block = new RtcpReportBlock(0xAABBCCDD, 64, -3, 0x0001_0010, 42, 0x11223344, 0x10000);
        int n = RtcpPacket.WriteSenderReport(buf, 7, 0x0102030405060708, 160, 50, 8000, [block]);
        Assert.Equal(52, n);
        n += RtcpPacket.WriteSdesCname(buf.AsSpan(n), 7, "sipgw@127.0.0.1");
        Assert.Equal(0, n % 4);
        Assert.True(RtcpPacket.TryParse(buf.AsSpan(0, n), out var sr));
        Assert.True(sr!.IsSenderReport);
        Assert.Equal(7u, sr.Ssrc);
        Assert.Equal(0x0102030405060708ul, sr.NtpTimestamp);
        Assert.Equal(50u, sr.SenderPacketCount);
        Assert.Equal(8000u, sr.SenderOctetCount);
        Assert.Equal(block, Assert.Single(sr.Blocks));
        Assert.Equal("sipgw@127.0.0.1", sr.Cname);

        n = RtcpPacket.WriteReceiverReport(buf, 9, [block]);
        Assert.True(RtcpPacket.TryParse(buf.AsSpan(0, n), out var rr));
        Assert.False(rr!.IsSenderReport);
        Assert.Equal(-3, rr.Blocks[0].CumulativeLost);
    }

    [Fact]
    public void Receive_statistics_count_loss_wrap_and_jitter()
    {
        var stats = new RtpReceiveStatistics();
        ushort seq = 65530;
        uint ts = 0;
        double t = 0;
        for (int i = 0; i < 20; i++)
        {
            if (i != 7 && i != 8) stats.Update(5, seq, ts, 160, t); // two packets lost
            seq++;
            ts += 160;
            t += 0.020 + (i % 2 == 0 ? 0.002 : -0.002); // +-2 ms arrival jitter
        }
        Assert.Equal(18, stats.PacketsReceived);
        Assert.Equal(2, stats.CumulativeLost);
        Assert.Equal(0x10000u + 13, stats.ExtendedHighestSequence); // wrapped once, highest seq 13
        var block = stats.CreateReportBlock(0, 0);
        Assert.Equal((byte)(2 * 256 / 20), block.FractionLost);
        Assert.InRange(stats.Jitter, 10, 32); // 4 ms swings = 32 samples; the estimator converges toward it
        Assert.Equal(0, stats.CreateReportBlock(0, 0).FractionLost); // new interval, no new loss
    }

    [Fact]
    public void Ntp_time_of_the_epoch_plus_half_a_second()
    {
        var t = new DateTime(1900, 1, 1, 0, 0, 1, 500, DateTimeKind.Utc);
        Assert.Equal((1ul << 32) | 0x8000_0000ul, RtcpPacket.ToNtp(t));
    }
}
