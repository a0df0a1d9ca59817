using SipGateway.Calls.CallControl;
using SipGateway.Calls.Origination;
using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.RemoteDestinations;
using SipGateway.Routing;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>CTI legs placed through the B2BUA: digit analysis picks the targets, the originator places and joins the legs.</summary>
public sealed class SipCtiLegs(BackToBackUserAgent b2bua, ExtendConnectOptions options) : ICtiLegFactory
{
    private LegOriginator Originator => b2bua.Originator;

    public ICtiLeg ToRemoteDestination(RemoteDevice device, RemoteDestination rd, string displayName, string? number)
    {
        if (RemoteDestinationUri.IsUri(rd.Number)) return ToUri(device, rd, displayName, number);
        Caller caller;
        try { caller = b2bua.Plan.CallerWithCss(device.RerouteCss, device.Name); }
        catch (KeyNotFoundException ex) { throw new CtiException(CtiError.NotReachable(rd.Number, device.RerouteCss, ex.Message)); }
        var decision = b2bua.Analyze(caller, rd.Number);
        var targets = decision.Result == RoutingResult.Route ? b2bua.TargetsOf(decision) : [];
        if (targets.Count == 0)
            throw new CtiException(CtiError.NotReachable(rd.Number, device.RerouteCss, decision.Result == RoutingResult.Route
                ? "every route group member is out of service" : decision.Result.ToString()));
        // UCM shows the remote destination "Voice Connect" and the enterprise number (the trunk's DID), never the dialled party.
        var did = number ?? (targets[0].Trunk is { } t ? b2bua.Trunks.Get(t)?.Did : null) ?? device.PrimaryDn;
        return Place(targets, new PartyIdentity(displayName, did), decision.Failover);
    }

    /// <summary>A directory-URI remote destination rings through ExtendConnect:UriTrunk, not digit analysis.</summary>
    private SipCtiLeg ToUri(RemoteDevice device, RemoteDestination rd, string displayName, string? number)
    {
        if (options.UriTrunk is not { } trunk)
            throw new CtiException(new CtiError("RD_NOT_REACHABLE", 400,
                $"{rd.Number} is a directory URI and no trunk is configured for URI destinations (set ExtendConnect:UriTrunk)"));
        var did = number ?? b2bua.Trunks.Get(trunk)?.Did ?? device.PrimaryDn;
        var target = b2bua.UriTarget(rd.Number, trunk, did)
            ?? throw new CtiException(new CtiError("RD_NOT_REACHABLE", 400, $"{rd.Number}: URI trunk {trunk} is out of service"));
        return Place([target], new PartyIdentity(displayName, did));
    }

    public ICtiLeg ToDestination(RemoteDevice device, string destination)
    {
        var decision = b2bua.Analyze(b2bua.Plan.CallerFromDevice(device.Name), destination, device.PrimaryDn);
        var targets = b2bua.TargetsOf(decision);
        if (targets.Count == 0)
            throw new CtiException(new CtiError("DESTINATION_NOT_REACHABLE", 400, decision.Result switch
            {
                RoutingResult.Unallocated => $"{destination} matches nothing in the CSS of {device.Name}",
                RoutingResult.Block => $"{destination} is blocked: {decision.BlockReason}",
                RoutingResult.DirectoryNumber => $"{destination} is a line with no registered phone",
                RoutingResult.Route => $"no route group member for {destination} is in service",
                _ => $"{destination}: {decision.Error ?? decision.Result.ToString()}",
            }));
        return Place(targets, new PartyIdentity(device.DisplayName ?? device.Name, device.PrimaryDn), decision.Failover);
    }

    /// <param name="failover">The routing decision's failover rules (null: the dial plan's), as the B2BUA's route members follow.</param>
    private SipCtiLeg Place(IReadOnlyList<CallTarget> targets, PartyIdentity from, FailoverRules? failover = null)
    {
        var placement = failover is null ? null : new OriginateOptions { Failover = failover };
        try { return new SipCtiLeg(Originator, Originator.Create(targets, from, placement)); }
        catch (InvalidOperationException ex) { throw new CtiException(new CtiError("NO_RESOURCES", 503, ex.Message)); }
    }

    public void Join(ICtiLeg a, ICtiLeg b) => Originator.Join(Sip(a), Sip(b));

    public void Split(ICtiLeg leg) => Originator.Split(Sip(leg));

    public void Conference(IReadOnlyList<ICtiLeg> legs)
    {
        try { Originator.Conference(legs.Select(Sip).ToList()); }
        catch (InvalidOperationException ex) { throw new CtiException(new CtiError("INVALID_STATE", 409, "cannot conference: " + ex.Message)); }
    }

    public bool Hold(ICtiLeg leg, bool hold) => Originator.Hold(Sip(leg), hold);

    public bool SendDigits(ICtiLeg leg, string digits) => Originator.SendDigits(Sip(leg), digits);

    public bool SendDigitsInBand(ICtiLeg leg, string digits) => Originator.PlayTone(Sip(leg), InBandDtmf.Of(digits)) is not null;

    public ICtiPlayback? PlayZipTone(ICtiLeg leg) =>
        options.ZipTone is { } zip && Originator.PlayTone(Sip(leg), zip) is { } player ? new Playback(player) : null;

    public ICtiPlayback? PlayAnnouncement(ICtiLeg leg, Media.Audio.AudioClip clip) =>
        Originator.PlayClip(Sip(leg), clip) is { } player ? new Playback(player) : null;

    private sealed class Playback(Media.Relay.LegPlayer player) : ICtiPlayback
    {
        public Task Completion => player.Completion;
        public void Stop() => player.Stop();
    }

    private static OriginatedLeg Sip(ICtiLeg leg) => ((SipCtiLeg)leg).Leg;
}
