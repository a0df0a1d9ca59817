using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>Places, joins and controls the legs of CTI calls (implemented over the B2BUA's originator).</summary>
public interface ICtiLegFactory
{
    /// <summary>A leg to <paramref name="rd"/>, routed with the device's reroute CSS, showing <paramref name="displayName"/> and
    /// <paramref name="number"/> (null: the DID of the trunk the call leaves on, as UCM shows for Dial Via Office).</summary>
    /// <exception cref="Errors.CtiException">RD_NOT_REACHABLE.</exception>
    ICtiLeg ToRemoteDestination(RemoteDevice device, RemoteDestination rd, string displayName, string? number);

    /// <summary>A leg to <paramref name="destination"/> analysed with the device's CSS, showing the device's name and DN.</summary>
    /// <exception cref="Errors.CtiException">DESTINATION_NOT_REACHABLE.</exception>
    ICtiLeg ToDestination(RemoteDevice device, string destination);

    /// <summary>Relays media between two answered legs.</summary>
    void Join(ICtiLeg a, ICtiLeg b);

    /// <summary>Mixes answered legs in one conference (each hears the others, not itself); <see cref="Split"/> takes one out.</summary>
    /// <exception cref="Errors.CtiException">INVALID_STATE when a leg is not answered any more.</exception>
    void Conference(IReadOnlyList<ICtiLeg> legs);

    /// <summary>Stops relaying between the leg and whatever it is joined to (a partner or a conference).</summary>
    void Split(ICtiLeg leg);

    bool Hold(ICtiLeg leg, bool hold);

    bool SendDigits(ICtiLeg leg, string digits);

    /// <summary>Plays <paramref name="digits"/> as DTMF audio (ITU-T Q.23) to the leg's peer; false when it is not answered.</summary>
    bool SendDigitsInBand(ICtiLeg leg, string digits);

    /// <summary>Plays the zip tone to the leg's peer; null when there is none (ExtendConnect:ZipTone false) or the leg is not answered.</summary>
    ICtiPlayback? PlayZipTone(ICtiLeg leg);

    /// <summary>Plays an announcement (whisper) once to the leg's peer; null when the leg is not answered.</summary>
    ICtiPlayback? PlayAnnouncement(ICtiLeg leg, Media.Audio.AudioClip clip);
}
