namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Control of a line call ringing or answered on a remote device's RD (a B2BUA call, by its id): implemented over the
/// B2BUA; tests use a fake.
/// </summary>
public interface ILineCallControl
{
    /// <summary>The RD holds (or retrieves) the caller; false when not answered or already so.</summary>
    bool Hold(string b2buaCallId, bool hold);

    /// <summary>Digits to the caller; false when not answered.</summary>
    bool SendDigits(string b2buaCallId, string digits);

    /// <summary>Ends the call (declines it while ringing); false when it is gone.</summary>
    bool Disconnect(string b2buaCallId, string reason);

    /// <summary>Sends the ringing call to <paramref name="destination"/> (device CSS); null when done, else why not.</summary>
    string? Redirect(string b2buaCallId, string device, string destination);
}
