namespace SipGateway.Calls.CallControl;

/// <summary>
/// Third-party control of calls by id, for plug-ins that control calls on a party's behalf (a CTI application): the
/// called side holds the caller, sends it digits, hangs up, or deflects a ringing call. Each says whether it applied;
/// call control keeps no record of who asked.
/// </summary>
public interface ICallControl
{
    /// <summary>The answering side holds (or retrieves) the caller: no audio either way, the caller hears music on hold.
    /// False when the call is not answered, or already in that state.</summary>
    bool HoldCaller(string callId, bool hold);

    /// <summary>Sends digits to the caller in its leg's form (RFC 4733, else SIP INFO); false when the call is not answered.</summary>
    bool SendDigitsToCaller(string callId, string digits);

    /// <summary>Ends the call: BYE to both sides once answered; while ringing the caller gets 603 Decline (<paramref name="reason"/>).
    /// False when the call is gone.</summary>
    bool Disconnect(string callId, string reason);

    /// <summary>
    /// Deflects a ringing call: <paramref name="destination"/> is analysed with <paramref name="device"/>'s CSS; when it
    /// routes, the ringing attempts are cancelled and the caller is sent there (Diversion reason "deflection", RFC 5806).
    /// Null when done; else why nothing changed.
    /// </summary>
    string? Redirect(string callId, string device, string destination);

    /// <summary>Ends a call (BYE to the caller, or its final response) from outside; false when it is gone.</summary>
    bool Hangup(string callId, int code, string reason);
}
