namespace SipGateway.Sip.Dialogs;

/// <summary>
/// Where the dialog's SDP offer/answer exchange stands (RFC 3264, RFC 3261 §13.2.1, RFC 3311 §5). Only one offer may
/// be outstanding in each direction; a new offer against a pending one is refused with 491 or 500.
/// </summary>
public enum OfferAnswerState
{
    None,
    /// <summary>We sent an offer and wait for the answer.</summary>
    LocalOfferPending,
    /// <summary>We received an offer and have not answered it.</summary>
    RemoteOfferPending,
}
