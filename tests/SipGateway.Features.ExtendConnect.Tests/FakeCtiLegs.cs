using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>Legs that do what the test tells them (answer, fail, hang up), recording what the feature asked for.</summary>
internal sealed class FakeCtiLegs : ICtiLegFactory
{
    public List<FakeLeg> Placed { get; } = [];
    public List<(ICtiLeg A, ICtiLeg B)> Joins { get; } = [];
    public List<ICtiLeg> ZipTonesPlayed { get; } = [];

    public ICtiLeg ToRemoteDestination(RemoteDevice device, RemoteDestination rd, string displayName, string? number) =>
        Add(new FakeLeg($"rd:{rd.Number}", displayName, number));

    public ICtiLeg ToDestination(RemoteDevice device, string destination) =>
        destination.StartsWith("999", StringComparison.Ordinal)
            ? throw new CtiException(new CtiError("DESTINATION_NOT_REACHABLE", 400, destination))
            : Add(new FakeLeg($"to:{destination}", device.DisplayName, device.PrimaryDn));

    private FakeLeg Add(FakeLeg leg)
    {
        Placed.Add(leg);
        return leg;
    }

    public void Join(ICtiLeg a, ICtiLeg b) => Joins.Add((a, b));

    public void Split(ICtiLeg leg)
    {
        Joins.RemoveAll(j => j.A == leg || j.B == leg);
        foreach (var c in Conferences) c.Remove(leg);
    }

    /// <summary>Each conference asked for, with the legs still in it (Split takes one out).</summary>
    public List<List<ICtiLeg>> Conferences { get; } = [];

    public void Conference(IReadOnlyList<ICtiLeg> legs)
    {
        if (legs.Any(l => !l.IsAnswered || l.IsEnded)) throw new CtiException(new CtiError("INVALID_STATE", 409, "a leg is not answered"));
        foreach (var leg in legs) Split(leg);
        Conferences.Add([.. legs]);
    }

    public bool Hold(ICtiLeg leg, bool hold) => leg.IsAnswered;

    public List<(string Mode, string Digits)> DigitsSent { get; } = [];

    public bool SendDigits(ICtiLeg leg, string digits)
    {
        if (leg.IsAnswered) DigitsSent.Add(("rfc4733", digits));
        return leg.IsAnswered;
    }

    public bool SendDigitsInBand(ICtiLeg leg, string digits)
    {
        if (leg.IsAnswered) DigitsSent.Add(("inband", digits));
        return leg.IsAnswered;
    }

    /// <summary>When set, zip tones and announcements keep playing until the test finishes (or stops) them.</summary>
    public bool HoldPlayback { get; set; }
    /// <summary>Everything played, in order: ("zip" | announcement name, leg, playback).</summary>
    public List<(string What, ICtiLeg Leg, FakePlayback Playback)> Played { get; } = [];

    public ICtiPlayback? PlayZipTone(ICtiLeg leg)
    {
        ZipTonesPlayed.Add(leg);
        return Play("zip", leg);
    }

    public ICtiPlayback? PlayAnnouncement(ICtiLeg leg, SipGateway.Media.Audio.AudioClip clip) => Play(clip.Name, leg);

    private FakePlayback? Play(string what, ICtiLeg leg)
    {
        if (!leg.IsAnswered || leg.IsEnded) return null;
        var playback = new FakePlayback();
        Played.Add((what, leg, playback));
        if (!HoldPlayback) playback.Finish();
        return playback;
    }
}

/// <summary>Audio that plays until the test finishes it, or the feature stops it.</summary>
internal sealed class FakePlayback : ICtiPlayback
{
    private readonly TaskCompletionSource _done = new();
    public bool Stopped { get; private set; }
    public Task Completion => _done.Task;
    public void Finish() => _done.TrySetResult();

    public void Stop()
    {
        Stopped = true;
        _done.TrySetResult();
    }
}

internal sealed class FakeLeg(string target, string? display, string? number) : ICtiLeg
{
    public string Target { get; } = target;
    public string? Display { get; } = display;
    public string? Number { get; } = number;
    public string Id { get; } = "leg:" + target;
    public bool Started { get; private set; }
    public bool IsAnswered { get; private set; }
    public bool IsEnded { get; private set; }
    public (int Code, string Reason)? HungUpWith { get; private set; }
    public string? SipCallId => Started ? Id + "@test" : null;

    public event Action<ICtiLeg>? Ringing;
    public event Action<ICtiLeg>? Answered;
    public event Action<ICtiLeg, int, string>? Ended;

    public void Start() => Started = true;

    public void Ring() => Ringing?.Invoke(this);

    public void Answer()
    {
        IsAnswered = true;
        Answered?.Invoke(this);
    }

    /// <summary>The far end ended the leg (a failure before answer, or a BYE after).</summary>
    public void EndByPeer(int code, string reason)
    {
        if (IsEnded) return;
        IsEnded = true;
        Ended?.Invoke(this, code, reason);
    }

    public void Hangup(int code, string reason)
    {
        if (IsEnded) return;
        HungUpWith = (code, reason);
        IsEnded = true;
        Ended?.Invoke(this, code, reason);
    }
}
