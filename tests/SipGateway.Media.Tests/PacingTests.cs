using SipGateway.Media.Audio;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;

namespace SipGateway.Media.Tests;

/// <summary>
/// A timestamp the test sets, in microseconds. Not FakeTimeProvider: its timestamps are 100 ns ticks, and these
/// schedules read best in µs.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    public long Time;
    public override long GetTimestamp() => Time;
    public override long TimestampFrequency => 1_000_000; // microseconds
}

public class PacingTests
{
    [Fact]
    public void Deadlines_are_absolute_so_a_late_frame_does_not_shift_the_next()
    {
        var clock = new ManualClock();
        var loop = new PacingLoop(clock, new PacingStatistics());
        var sink = new CapturingSink();
        var stream = new PacedStream(new ToneGenerator(new ToneOptions().Dial), sink, new PacedStreamOptions(), 20_000) { Deadline = 0 };
        loop.Add(stream);
        Assert.Equal(20_000, loop.RunDue(clock.Time = 0));
        Assert.Single(sink.Packets);
        Assert.Equal(20_000, loop.RunDue(clock.Time = 19_999));
        Assert.Single(sink.Packets);
        Assert.Equal(60_000, loop.RunDue(clock.Time = 43_000)); // woke 3 ms late for the 40 ms frame... and 20 ms frame
        Assert.Equal(3, sink.Packets.Count);                      // caught up: 20 ms and 40 ms frames both sent
        Assert.Equal(80_000, loop.RunDue(clock.Time = 60_500));   // next deadline still on the 20 ms grid
        var headers = sink.Packets.Select(p => { RtpPacket.TryParse(p, out var h); return h; }).ToList();
        Assert.True(headers[0].Marker);
        Assert.False(headers[1].Marker);
        for (int i = 1; i < headers.Count; i++)
        {
            Assert.Equal((ushort)(headers[i - 1].SequenceNumber + 1), headers[i].SequenceNumber);
            Assert.Equal(160u, headers[i].Timestamp - headers[i - 1].Timestamp);
        }
        Assert.All(sink.Packets, p => Assert.Equal(172, p.Length));
    }

    [Fact]
    public void A_stall_restarts_the_schedule_instead_of_bursting()
    {
        var clock = new ManualClock();
        var loop = new PacingLoop(clock, new PacingStatistics());
        var sink = new CapturingSink();
        var stream = new PacedStream(new ToneGenerator(new ToneOptions().Dial), sink, new PacedStreamOptions(), 20_000) { Deadline = 0 };
        loop.Add(stream);
        loop.RunDue(0);
        long next = loop.RunDue(clock.Time = 1_000_000); // one second frozen
        Assert.Equal(2, sink.Packets.Count);
        Assert.Equal(1_020_000, next);
        Assert.Equal(1, stream.Resyncs);
    }

    [Fact]
    public void Ended_source_completes_the_stream_and_options_apply()
    {
        var clock = new ManualClock();
        var loop = new PacingLoop(clock, new PacingStatistics());
        var sink = new CapturingSink();
        var clip = new AudioClip("x", new short[400]); // 2.5 frames of 20 ms at ptime 20, 1.25 at ptime 40
        var stream = new PacedStream(clip.CreateSource(), sink,
            new PacedStreamOptions { PayloadType = 8, PtimeMs = 40, Ssrc = 42, InitialSequence = 7, InitialTimestamp = 1 }, 40_000) { Deadline = 0 };
        loop.Add(stream);
        for (int i = 0; i < 5; i++) loop.RunDue(clock.Time = i * 40_000);
        Assert.True(stream.IsCompleted);
        Assert.True(stream.Completion.IsCompleted);
        Assert.Equal(2, sink.Packets.Count);
        Assert.True(RtpPacket.TryParse(sink.Packets[1], out var h));
        Assert.Equal(8, h.PayloadType);
        Assert.Equal(42u, h.Ssrc);
        Assert.Equal(8, h.SequenceNumber);
        Assert.Equal(321u, h.Timestamp);
        Assert.Equal(320, h.PayloadLength);
        Assert.Equal(0xD5, sink.Packets[1][^1]); // the short last frame is padded with A-law silence
        Assert.Equal(0, loop.StreamCount);
    }

    [Fact]
    public void Stop_removes_the_stream_at_its_next_deadline()
    {
        var clock = new ManualClock();
        var loop = new PacingLoop(clock, new PacingStatistics());
        var sink = new CapturingSink();
        var stream = new PacedStream(new ToneGenerator(new ToneOptions().Dial), sink, new PacedStreamOptions(), 20_000) { Deadline = 0 };
        loop.Add(stream);
        loop.RunDue(0);
        stream.Stop();
        Assert.Equal(long.MaxValue, loop.RunDue(clock.Time = 20_000));
        Assert.Single(sink.Packets);
        Assert.True(stream.IsCompleted);
    }

    [Fact]
    public void Statistics_percentiles()
    {
        var s = new PacingStatistics();
        for (int i = 0; i < 98; i++) s.Record(0.01);
        s.Record(1.0);
        s.Record(5.0);
        Assert.Equal(0.05, s.Percentile(0.5), 3);
        Assert.Equal(1.05, s.Percentile(0.99), 3);
        Assert.Equal(5.0, s.MaxLatenessMs);
    }

    [Fact]
    public void Spin_window_is_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedSender(1, spinMicroseconds: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PacedSender(1, spinMicroseconds: 2001));
        using var sleepOnly = new PacedSender(1, spinMicroseconds: 0);
        Assert.Equal(1, sleepOnly.ThreadCount);
    }
}
