namespace SipGateway.Calls.CallControl;

/// <summary>Reason header values (RFC 3326) on the CANCELs the B2BUA sends, so the far end knows why it stopped ringing.</summary>
internal static class CancelReasons
{
    /// <summary>RFC 3326 §2 and common practice: phones then do not log a missed call.</summary>
    public const string AnsweredElsewhere = "SIP;cause=200;text=\"Call completed elsewhere\"";
    public const string CallerCancelled = "SIP;cause=487;text=\"Request Terminated (caller cancelled)\"";
    public const string NoAnswer = "SIP;cause=480;text=\"No answer\"";
    public const string ForwardedOnNoAnswer = "SIP;cause=480;text=\"Call Forward No Answer\"";
    /// <summary>A CTI application declined (disconnected) a call ringing on its remote device.</summary>
    public const string Declined = "SIP;cause=603;text=\"Declined\"";
    /// <summary>A CTI application redirected (deflected) a call ringing on its remote device elsewhere.</summary>
    public const string Redirected = "SIP;cause=302;text=\"Redirected\"";
    /// <summary>Call control failed while the attempt rang (the caller gets 500 too).</summary>
    public const string ServerError = "SIP;cause=500;text=\"Server Internal Error\"";
    public const string Abandoned = "SIP;cause=408;text=\"Route member did not respond in time\"";
}
