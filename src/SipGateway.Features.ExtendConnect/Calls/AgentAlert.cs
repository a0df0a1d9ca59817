using SipGateway.Media.Audio;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// What the agent (the remote destination) hears on a persistent connection before a customer is joined: the whisper
/// announcement first, then the zip tone, so the tone marks the moment the customer is connected (UCM plays the
/// whisper/zip tone to the agent only). <see cref="Stop"/> cuts it at once on any call state change.
/// </summary>
public sealed class AgentAlert
{
    private readonly object _gate = new();
    private readonly ICtiLegFactory _legs;
    private readonly ICtiLeg _agent;
    private readonly AudioClip? _whisper;
    private ICtiPlayback? _current;
    private bool _stopped;

    private AgentAlert(ICtiLegFactory legs, ICtiLeg agent, AudioClip? whisper)
    {
        _legs = legs;
        _agent = agent;
        _whisper = whisper;
    }

    /// <summary>Starts the whisper (when given) then the zip tone; the task completes when both are done or stopped.</summary>
    public static AgentAlert Start(ICtiLegFactory legs, ICtiLeg agent, AudioClip? whisper, out Task completion)
    {
        var alert = new AgentAlert(legs, agent, whisper);
        completion = alert.Run();
        return alert;
    }

    /// <summary>Which parts actually started, in order ("whisper", "zip"), for logs and tests.</summary>
    public List<string> Played { get; } = [];

    public bool IsStopped
    {
        get { lock (_gate) return _stopped; }
    }

    public void Stop()
    {
        ICtiPlayback? current;
        lock (_gate)
        {
            _stopped = true;
            current = _current;
            _current = null;
        }
        current?.Stop();
    }

    private Task Run()
    {
        // Nothing to play at all: complete synchronously so the caller can join at once.
        if (_whisper is null) return Next("zip", () => _legs.PlayZipTone(_agent)) ?? Task.CompletedTask;
        var whisper = Next("whisper", () => _legs.PlayAnnouncement(_agent, _whisper));
        if (whisper is null) return Next("zip", () => _legs.PlayZipTone(_agent)) ?? Task.CompletedTask;
        return whisper.ContinueWith(_ => Next("zip", () => _legs.PlayZipTone(_agent)) ?? Task.CompletedTask,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }

    private Task? Next(string what, Func<ICtiPlayback?> play)
    {
        lock (_gate)
        {
            if (_stopped) return null;
            var playback = play();
            if (playback is null) return null;
            _current = playback;
            Played.Add(what);
            return playback.Completion;
        }
    }
}
