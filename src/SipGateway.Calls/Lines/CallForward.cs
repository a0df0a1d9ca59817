namespace SipGateway.Calls.Lines;

/// <summary>A call forward setting of a line (UCM: destination plus the CSS the forwarded call is analysed with).</summary>
/// <param name="Destination">Digits dialled on the line's behalf.</param>
/// <param name="Css">The forward CSS; null means the line's own effective CSS.</param>
public sealed record CallForward(string Destination, string? Css);
