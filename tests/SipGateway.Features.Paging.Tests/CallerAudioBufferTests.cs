namespace SipGateway.Features.Paging.Tests;

public class CallerAudioBufferTests
{
    [Fact]
    public void Plays_silence_until_two_frames_are_queued_then_the_samples_in_order()
    {
        var buffer = new CallerAudioBuffer();
        var frame = new short[160];
        buffer.Write(Enumerable.Range(1, 160).Select(i => (short)i).ToArray());
        Assert.Equal(160, buffer.Read(frame));
        Assert.All(frame, s => Assert.Equal(0, s)); // one frame is not enough: still priming

        buffer.Write(Enumerable.Range(161, 160).Select(i => (short)i).ToArray());
        Assert.Equal(160, buffer.Read(frame));
        Assert.Equal(Enumerable.Range(1, 160).Select(i => (short)i), frame);
        Assert.Equal(160, buffer.Read(frame));
        Assert.Equal(Enumerable.Range(161, 160).Select(i => (short)i), frame);
    }

    [Fact]
    public void Running_dry_gives_silence_and_waits_for_two_frames_again()
    {
        var buffer = new CallerAudioBuffer();
        var frame = new short[160];
        buffer.Write(Enumerable.Repeat((short)7, 400).ToArray());
        buffer.Read(frame);
        buffer.Read(frame);
        buffer.Read(frame);
        Assert.Equal(Enumerable.Repeat((short)7, 80).Concat(Enumerable.Repeat((short)0, 80)), frame); // short read padded
        buffer.Write(Enumerable.Repeat((short)9, 160).ToArray());
        Assert.Equal(160, buffer.Read(frame));
        Assert.All(frame, s => Assert.Equal(0, s)); // priming again after the underrun
    }

    [Fact]
    public void Keeps_at_most_200_ms_dropping_the_oldest()
    {
        var buffer = new CallerAudioBuffer();
        buffer.Write(Enumerable.Range(0, CallerAudioBuffer.Capacity + 40).Select(i => (short)i).ToArray());
        Assert.Equal(40, buffer.SamplesDropped);
        var frame = new short[160];
        buffer.Read(frame);
        Assert.Equal(40, frame[0]);
    }

    [Fact]
    public void Closed_buffer_ends_the_stream()
    {
        var buffer = new CallerAudioBuffer();
        buffer.Close();
        Assert.Equal(0, buffer.Read(new short[160]));
    }
}
