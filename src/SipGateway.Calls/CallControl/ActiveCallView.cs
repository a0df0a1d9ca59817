namespace SipGateway.Calls.CallControl;

/// <summary>What GET /api/calls shows of one active call.</summary>
public sealed record ActiveCallView(string Id, string State, string Caller, string? CallingNumber, string CalledNumber,
    string? CalledFinal, string? RouteMember, DateTimeOffset StartUtc, DateTimeOffset? AnswerUtc, IReadOnlyList<ActiveLegView> Legs,
    IReadOnlyList<string>? Redirections = null)
{
    /// <summary>The view of <paramref name="c"/> as it is now (its legs in order: the caller's, then the callee's).</summary>
    internal static ActiveCallView Of(Call c) => new(
        c.Id, CallStateTransitions.ViewName(c.State), c.Caller.ToString(), c.CallingFinal ?? c.CallingOriginal, c.CalledOriginal, c.CalledFinal, c.RouteMember,
        c.StartUtc, c.AnswerUtc,
        new[] { c.Inbound, c.Outbound }.Where(l => l is not null).Select(l => new ActiveLegView(
            l!.IsInbound ? "inbound" : "outbound", l.Peer, l.Dialog?.CallId, (l.Codec ?? c.Codec)?.Name, l.Media.LocalPort, l.Media.Remote?.ToString(),
            l.Media.PacketsReceived, l.Media.PacketsSent,
            // "held": this leg's peer holds the call; "on-hold": the other side holds it (this peer hears music on hold).
            l.HeldByPeer ? "held" : c.OtherLeg(l)?.HeldByPeer == true ? "on-hold" : c.IsAnswered ? "active" : "early",
            l.Device ?? l.Trunk, l.SessionTimer is { } st ? $"{(int)st.Interval.TotalSeconds};refresher={(st.WeRefresh ? "gateway" : "peer")}" : null))
            .ToList(), [.. c.Forwards]);
}

public sealed record ActiveLegView(string Direction, string? Peer, string? CallId, string? Codec, int LocalRtpPort, string? RemoteRtp,
    long PacketsReceived, long PacketsSent, string Media = "active", string? Device = null, string? SessionExpires = null);
