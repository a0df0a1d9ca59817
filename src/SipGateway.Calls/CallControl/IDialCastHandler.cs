namespace SipGateway.Calls.CallControl;

/// <summary>
/// The paging feature as the B2BUA sees it. A DialCast number is an ordinary directory number in a partition, so
/// callers reach it through their CSS and trunks can send pages (UCM design guide, Cisco Paging Server: basic paging).
/// After digit analysis lands on a directory number, the B2BUA asks the handler whether it is a DialCast number;
/// Calls never references the feature project, the host wires an implementation in.
/// </summary>
public interface IDialCastHandler
{
    /// <summary>
    /// Reserves a page for <paramref name="number"/> in <paramref name="partition"/>. Returns null with a null
    /// <paramref name="refusal"/> when the number is not a DialCast number (route it normally); null with a refusal
    /// when it is one but no page can start now (the caller gets 503 with that reason).
    /// </summary>
    IDialCastPage? Reserve(string number, string? partition, out string? refusal);
}
