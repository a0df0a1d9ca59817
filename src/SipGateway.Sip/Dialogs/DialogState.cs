namespace SipGateway.Sip.Dialogs;

/// <summary>Early (a provisional with a To tag), Confirmed (a 2xx), Terminated (RFC 3261 §12).</summary>
public enum DialogState { Early, Confirmed, Terminated }
