using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Conferencing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Meet-me conferences (UCM Meet-Me numbers, <see cref="CallControlOptions.MeetMeNumbers"/>): a call to one is answered
/// by the gateway and joins that number's bridge. A 3-party conference from ordinary phones: A talking to B transfers
/// B to the meet-me number, calls it itself, then transfers C there too.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    private readonly ConcurrentDictionary<string, ConferenceBridge> _bridges = new();

    private bool IsMeetMe(string number) => _options.MeetMeNumbers.Contains(number);

    /// <summary>Answers a call to a meet-me number (the inbound leg exists) and puts the caller in the bridge.</summary>
    private void AnswerIntoConference(Call call, string number)
    {
        var inbound = call.Inbound!;
        SdpCodec codec;
        if (call.CallerOffer is { } offer)
        {
            var result = SdpAnswerer.Answer(offer, new SdpLocalMedia(_options.MediaAddress, inbound.Media.LocalPort, LocalCodecs), NextSdpSession(), 1);
            if (!result.Succeeded)
            {
                _teardown.Reject(call, 488, $"Not Acceptable Here ({result.Failure})");
                return;
            }
            inbound.LocalSdp = result.Answer;
            codec = result.Codec!;
        }
        else
        {
            codec = SdpCodec.Pcmu;
            inbound.LocalSdp = SdpAnswerer.Offer(new SdpLocalMedia(_options.MediaAddress, inbound.Media.LocalPort, [codec, SdpCodec.TelephoneEvent]), NextSdpSession(), 1);
        }
        inbound.Codec = codec;
        lock (call.Gate)
        {
            call.Answer(DateTimeOffset.UtcNow);
            call.CalledFinal = number;
            call.RouteMember = "Conference " + number;
        }
        var ok = _router.CreateResponse(inbound.Dialog!, call.InboundInvite, 200);
        ok.SetBody("application/sdp", inbound.LocalSdp!.ToString());
        SessionTimers.AddToAnswer(ok, inbound);
        if (!call.InboundInvite.SendResponse(ok))
        {
            _teardown.End(call, 487, "Request Terminated");
            return;
        }
        _events.Answered(call);
        _sessionTimers.Arm(inbound);
        inbound.Media.Start();
        JoinBridge(call, inbound, number);
    }

    private bool JoinBridge(Call call, CallLeg leg, string number)
    {
        if (_pacer is null) return false;
        ApplyLegFormats(leg);
        var bridge = _bridges.GetOrAdd(number, n => new ConferenceBridge(n));
        var participant = bridge.Join(leg.Device ?? leg.Trunk ?? leg.Peer ?? call.Id, leg.Media, CodecChoice.PayloadType(leg.Codec), _pacer);
        if (participant is null)
        {
            _teardown.Hangup(call, leg, 486, $"Busy Here (conference {number} is full: {ConferenceBridge.MaxParticipants} parties)");
            return false;
        }
        lock (call.Gate) call.Conference = (bridge, participant, leg);
        _log.JoinedConference(call.Id, number, bridge.Participants.Count);
        return true;
    }

    private void LeaveConference(Call call)
    {
        (ConferenceBridge Bridge, ConferenceParticipant Participant, CallLeg Leg)? membership;
        lock (call.Gate)
        {
            membership = call.Conference;
            call.Conference = null;
        }
        if (membership is not { } m) return;
        if (m.Bridge.Leave(m.Participant, m.Leg.Media)) _bridges.TryRemove(new KeyValuePair<string, ConferenceBridge>(m.Bridge.Number, m.Bridge));
        _log.LeftConference(call.Id, m.Bridge.Number);
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
