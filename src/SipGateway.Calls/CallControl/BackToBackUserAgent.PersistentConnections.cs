using Microsoft.Extensions.Logging;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Calls delivered on a CTI remote device's persistent connection (UCM Extend and Connect): the remote destination is
/// already connected, so the caller is answered at once, the zip tone plays to the remote destination, and then the
/// two are joined. The persistent connection outlives the call.
/// </summary>
public sealed partial class BackToBackUserAgent
{
    /// <summary>Set by the host when the Extend and Connect feature is on.</summary>
    public IRemoteDeviceRouting? RemoteDevices { get; set; }

    private bool DeliverOnPersistentConnection(Call call, DirectoryNumber dn)
    {
        if (RemoteDevices is not { } routing) return false;
        foreach (var device in dn.Devices)
        {
            if (routing.TryDeliver(device, call.Id) is not { } delivery) continue;
            call.PersistentDelivery = delivery;
            call.Targets = [];
            call.Sequential = false;
            _log.DeliveredOnPersistentConnection(call.Id, dn.Dn, delivery.Leg.Id, device);
            return true;
        }
        return false;
    }

    private void AnswerOntoPersistentConnection(Call call)
    {
        var delivery = call.PersistentDelivery!;
        var agent = delivery.Leg;
        lock (call.Gate)
        {
            if (call.IsEnded) return;
            call.Answer(DateTimeOffset.UtcNow);
            call.RouteMember = "persistent connection " + agent.Id;
            call.Codec = agent.Codec ?? SdpCodec.Pcmu;
        }
        AnswerCaller(call, agent.Codec ?? SdpCodec.Pcmu);
        if (!call.IsAnswered) return;
        var inbound = call.Inbound!;
        ApplyLegFormats(inbound);
        void Connect()
        {
            lock (call.Gate)
            {
                if (!call.IsAnswered) return;
                // Joined leg to leg, without an RtpRelay: disposing the call's media must not close the persistent connection.
                inbound.Media.Forward = agent.Media;
                agent.Media.Forward = inbound.Media;
            }
            try { inbound.Media.Start(); }
            catch (ObjectDisposedException) { return; }
            _log.ConnectedOnPersistentConnection(call.Id, agent.Id, inbound.Media.LocalPort, agent.Media.LocalPort);
            delivery.Connected();
        }
        // Nothing to play (no zip tone): join at once on this thread rather than queue behind other work.
        var before = delivery.BeforeConnect();
        if (before.IsCompleted) Connect();
        else before.ContinueWith(_ => Connect(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private static void ReleasePersistentDelivery(Call call)
    {
        IPersistentConnectionDelivery? delivery;
        lock (call.Gate)
        {
            delivery = call.PersistentDelivery;
            call.PersistentDelivery = null;
            if (delivery is not null && ReferenceEquals(delivery.Leg.Media.Forward, call.Inbound?.Media)) delivery.Leg.Media.Forward = null;
        }
        delivery?.Released(call.CauseCode, call.CauseText ?? "");
    }
}
