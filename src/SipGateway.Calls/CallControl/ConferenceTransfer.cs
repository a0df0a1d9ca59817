using SipGateway.Calls.Conferencing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// A blind transfer to a meet-me number (whose route handler, <see cref="ConferenceNumbers"/>, answers calls dialled
/// to one): the transferee's leg joins the bridge and the transferor drops out.
/// </summary>
internal sealed class ConferenceTransfer(ConferenceNumbers conferences, CallTeardown teardown, TransferLegs legs)
{
    public bool IsConferenceNumber(string number) => conferences.Contains(number);

    public void Transfer(Call call, CallLeg transferor, CallLeg transferee, string number)
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
            legs.Notify(transferor, 486, "Busy Here", final: true);
            legs.DropTransferor(transferor, "Transfer failed");
            return;
        }
        legs.Notify(transferor, 200, "OK", final: true);
        legs.DropTransferor(transferor, "Call transferred");
    }

    private bool JoinBridge(Call call, CallLeg leg, string number)
    {
        MediaAnchor.ApplyLegFormats(leg);
        var seat = conferences.Join(call.Id, number, leg.Device ?? leg.Trunk ?? leg.Peer ?? call.Id, leg.Media, CodecChoice.PayloadType(leg.Codec), out var refusal);
        if (seat is null)
        {
            if (refusal is not null) teardown.Hangup(call, leg, 486, refusal);
            return false;
        }
        lock (call.Gate) call.Conference = seat;
        return true;
    }
}
