namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>Audio being played to a CTI leg's peer (zip tone, whisper announcement): stoppable at once.</summary>
public interface ICtiPlayback
{
    /// <summary>Completes when the audio has been played or was stopped.</summary>
    Task Completion { get; }

    void Stop();
}
