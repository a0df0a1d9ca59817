using SipGateway.Calls.CallControl;
using SipGateway.Calls.Tests.CallControl.Support;
using SipGateway.Media.Audio;
using SipGateway.Media.Pacing;

namespace SipGateway.Calls.Tests.CallControl;

/// <summary>The ringback and music-on-hold streams a call holds: which start, which the caller must stop.</summary>
public sealed class CallGeneratedAudioTests : IDisposable
{
    private readonly TestCalls _calls = new();
    private readonly PacedSender _pacer = new(threads: 1, spinMicroseconds: 0);

    public void Dispose()
    {
        _pacer.Dispose();
        _calls.Dispose();
    }

    private PacedStream Silence(Call call) => _pacer.Start(new SilentSource(), call.Inbound!.Media);

    [Fact]
    public void Ringback_plays_until_taken_once()
    {
        var call = _calls.NewCall();
        var tone = Silence(call);

        Assert.True(call.StartRingback(tone));
        Assert.Same(tone, call.TakeGeneratedAudio(ringback: true));
        Assert.Null(call.TakeGeneratedAudio(ringback: true));
    }

    [Fact]
    public void No_ringback_once_early_media_flows_or_the_call_is_answered()
    {
        var early = _calls.NewCall();
        early.TakeEarlyMedia(_calls.Attempt(early, "fork"));
        Assert.False(early.StartRingback(Silence(early)));
        Assert.Null(early.Ringback);

        var answered = _calls.NewCall();
        answered.Answer(DateTimeOffset.UnixEpoch);
        Assert.False(answered.StartRingback(Silence(answered)));
    }

    [Fact]
    public void Music_on_hold_replaces_the_previous_music_and_not_the_ringback()
    {
        var call = _calls.NewCall();
        var first = Silence(call);
        var second = Silence(call);

        Assert.Null(call.StartMusicOnHold(first));
        Assert.Same(first, call.StartMusicOnHold(second)); // the caller stops the music it replaces
        Assert.Null(call.TakeGeneratedAudio(ringback: true));
        Assert.Same(second, call.TakeGeneratedAudio(ringback: false));
    }

    [Fact]
    public void Music_for_an_ended_call_is_handed_back_to_be_stopped()
    {
        var call = _calls.NewCall();
        call.End(200, "Normal call clearing", DateTimeOffset.UnixEpoch);
        var music = Silence(call);

        Assert.Same(music, call.StartMusicOnHold(music));
        Assert.Null(call.MusicOnHold);
    }

    private sealed class SilentSource : IAudioSource
    {
        public int Read(Span<short> buffer)
        {
            buffer.Clear();
            return buffer.Length;
        }
    }
}
