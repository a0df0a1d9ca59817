namespace SipGateway.Features.ExtendConnect.RemoteDestinations;

/// <summary>
/// A CTI remote device (UCM "CTI Remote Device", CTRID&lt;user&gt;): the user's off-cluster phones behind one device
/// with lines; calls to its lines are extended to its active remote destination with <see cref="RerouteCss"/>.
/// </summary>
/// <param name="Lines">Its directory numbers, first is primary.</param>
/// <param name="ForwardNoAnswer">Where a call goes when no remote destination is active (voicemail); null: busy.</param>
public sealed record RemoteDevice(string Name, string? Owner, string? RerouteCss, string? DisplayName, IReadOnlyList<string> Lines,
    string? ForwardNoAnswer = null)
{
    public string PrimaryDn => Lines.Count > 0 ? Lines[0] : "";
}
