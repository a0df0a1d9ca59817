using SipGateway.Calls.Conferencing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Blind transfers to a meet-me number (<see cref="Conferences"/>, whose route handler answers calls dialled to one):
/// the transferee's leg joins the bridge and the transferor drops out.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private bool IsMeetMe(string number) => Conferences.Contains(number);

    private bool JoinBridge(Call call, CallLeg leg, string number)
    {
        ApplyLegFormats(leg);
        var seat = Conferences.Join(call.Id, number, leg.Device ?? leg.Trunk ?? leg.Peer ?? call.Id, leg.Media, CodecChoice.PayloadType(leg.Codec), out var refusal);
        if (seat is null)
        {
            if (refusal is not null) _teardown.Hangup(call, leg, 486, refusal);
            return false;
        }
        lock (call.Gate) call.Conference = seat;
        return true;
    }

    private void LeaveConference(Call call)
    {
        ConferenceSeat? seat;
        lock (call.Gate)
        {
            seat = call.Conference;
            call.Conference = null;
        }
        if (seat is not null) Conferences.Leave(seat);
    }

    /// <summary>A blind transfer to a meet-me number: the transferee joins the bridge, the transferor drops out.</summary>
    private void TransferIntoConference(Call call, CallLeg transferor, CallLeg transferee, string number)
    {
        GeneratedAudio.StopMusicOnHold(call);
        transferor.SessionTimer?.Pending?.Cancel();
        lock (call.Gate)
        {
            // The relay ends; the transferee's RTP leg keeps running and now feeds the bridge.
            transferor.Media.Forward = null;
            transferee.Media.Forward = null;
            call.Relay = null;
            if (ReferenceEquals(call.Inbound, transferor)) call.Inbound = null; else call.Outbound = null;
            transferee.HeldByPeer = false;
            call.Forwards.Add($"Transfer: {transferor.Peer} -> conference {number}");
            call.RouteMember = "Conference " + number;
        }
        transferor.Media.Dispose();
        if (!JoinBridge(call, transferee, number))
        {
            NotifyTransferor(transferor, 486, "Busy Here", final: true);
            DropTransferor(transferor, "Transfer failed");
            return;
        }
        NotifyTransferor(transferor, 200, "OK", final: true);
        DropTransferor(transferor, "Call transferred");
    }
}
