using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Routing;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Line calls extended to a CTI remote device's remote destination, as a CTI application controls them (UCM Extend
/// and Connect): offered, answered and ended are reported (<see cref="RemoteDeviceCalls"/>); once answered the device
/// may hold the caller (music on hold), send it digits, or disconnect; while it rings the device may redirect it
/// (deflect: the RD stops ringing and the caller goes to a destination analysed with the device's CSS).
/// </summary>
public sealed partial class BackToBackUserAgent
{
    /// <summary>Calls ringing or answered on a remote device, by call id (one remote device per call: the first offered).</summary>
    private readonly ConcurrentDictionary<string, string> _offeredToRemoteDevice = new();

    /// <summary>Set by the host when the Extend and Connect feature is on.</summary>
    public IRemoteDeviceCallEvents? RemoteDeviceCalls { get; set; }

    private void OfferToRemoteDevice(Call call, string device)
    {
        if (RemoteDeviceCalls is not { } events || !_offeredToRemoteDevice.TryAdd(call.Id, device)) return;
        events.Offering(call.Id, device, call.CallingOriginal ?? call.CallingFinal, call.CalledOriginal);
    }

    private void RemoteDeviceAnswered(Call call, CallTarget winner)
    {
        if (!_offeredToRemoteDevice.TryGetValue(call.Id, out var device)) return;
        if (winner.Device == device) RemoteDeviceCalls?.Answered(call.Id, device);
        else if (_offeredToRemoteDevice.TryRemove(call.Id, out _)) RemoteDeviceCalls?.Ended(call.Id, device, 200, "answered elsewhere");
    }

    private void RemoteDeviceCallEnded(Call call)
    {
        if (_offeredToRemoteDevice.TryRemove(call.Id, out var device)) RemoteDeviceCalls?.Ended(call.Id, device, call.CauseCode, call.CauseText ?? "");
    }

    private Call? AnsweredOnRemoteDevice(string callId) =>
        _offeredToRemoteDevice.ContainsKey(callId) && _calls.TryGetValue(callId, out var call) && call.IsAnswered
        && call.Outbound is not null && call.Inbound is not null ? call : null;

    /// <summary>The remote destination holds (or retrieves) the caller: no audio either way, the caller hears music on hold.
    /// False when the call is not answered on a remote device, or already in that state.</summary>
    public bool HoldCallerOfRemoteDevice(string callId, bool hold)
    {
        if (AnsweredOnRemoteDevice(callId) is not { } call) return false;
        lock (call.Gate) if (call.Outbound!.HeldByPeer == hold) return false;
        SetHeld(call, call.Outbound!, hold);
        return true;
    }

    /// <summary>Sends digits to the caller in its leg's form (RFC 4733, else SIP INFO); false when the call is not answered.</summary>
    public bool SendDigitsToCallerOfRemoteDevice(string callId, string digits)
    {
        if (AnsweredOnRemoteDevice(callId) is not { } call) return false;
        _ = SendDigitsAsync(call, call.Inbound!, digits);
        return true;
    }

    private async Task SendDigitsAsync(Call call, CallLeg to, string digits)
    {
        try
        {
            foreach (var digit in digits)
            {
                if (!call.IsAnswered) return;
                if (DtmfInterworking.UsesRfc4733(to)) await to.Media.SendDigitAsync(digit, TimeSpan.FromMilliseconds(100));
                else _dtmf.SendInfo(to, digit, TimeSpan.FromMilliseconds(100));
                await Task.Delay(60);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ArgumentException)
        {
            _log.DigitsStopped(call.Id, ex.Message);
        }
    }

    /// <summary>Ends a remote device's call: BYE to both sides once answered; while ringing the caller gets 603 Decline.</summary>
    public bool DisconnectRemoteDeviceCall(string callId, string reason)
    {
        if (!_offeredToRemoteDevice.ContainsKey(callId) || !_calls.TryGetValue(callId, out var call)) return false;
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.IsEnded) return false;
            pending = call.IsAnswered ? [] : call.Attempts.Where(a => !a.Abandoned).ToList();
            foreach (var a in pending) a.Abandoned = true;
        }
        if (!call.IsAnswered)
        {
            foreach (var a in pending) _layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.Declined);
            _teardown.Fail(call, 603, "Decline (" + reason + ")");
            return true;
        }
        return _teardown.Disconnect(call, reason);
    }

    /// <summary>
    /// Redirect (deflect) of a call ringing on <paramref name="device"/>: <paramref name="destination"/> is analysed with the
    /// device's CSS; when it routes, the remote destination's INVITE is cancelled and the caller is sent there (Diversion
    /// reason "deflection", RFC 5806). Null when done; else why nothing changed.
    /// </summary>
    public string? RedirectRemoteDeviceCall(string callId, string device, string destination)
    {
        if (!_calls.TryGetValue(callId, out var call) || !_offeredToRemoteDevice.TryGetValue(callId, out var offered) || offered != device)
            return $"call {callId} is not ringing on {device}";
        Caller caller;
        try { caller = _plan.CallerFromDevice(device); }
        catch (KeyNotFoundException ex) { return ex.Message; }
        var decision = _analysis.Analyze(caller, destination, call.CallingFinal ?? call.CallingOriginal);
        switch (decision.Result)
        {
            case RoutingResult.Route when RouteTargets(decision).Count == 0:
                return $"no route group member for {destination} is in service";
            case RoutingResult.Route or RoutingResult.DirectoryNumber:
                break;
            case RoutingResult.Block:
                return $"{destination} is blocked: {decision.BlockReason}";
            case RoutingResult.Unallocated:
                return $"{destination} matches nothing in the CSS of {device}";
            default:
                return $"{destination}: {decision.Error ?? decision.Result.ToString()}";
        }
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.IsSettled) return $"call {callId} is no longer ringing";
            pending = call.Attempts.Where(a => !a.Abandoned).ToList();
            foreach (var a in pending) a.Abandoned = true;
            if (call.CalledDirectoryNumber is { } dn && call.OccupiedLines.Remove(dn.Dn)) _lines.Release(dn.Dn);
            call.NextTarget = 0;
            call.BestFailure = null;
            call.CalledLine = null;
            call.CalledDirectoryNumber = null;
            var from = call.CalledFinal ?? call.CalledOriginal;
            call.Forwards.Add($"Redirect: {from} -> {destination}");
            call.Diversion = (from, "deflection", call.Forwards.Count);
            call.Pattern = decision.Match?.Pattern.Text;
            call.Partition = decision.Match?.Partition?.Name;
            call.CalledFinal = decision.CalledNumber;
        }
        _offeredToRemoteDevice.TryRemove(callId, out _);
        foreach (var a in pending) _layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.Redirected);
        _log.Redirected(callId, device, destination, decision.Result);
        // From here the call goes on as if it had been dialled there (line rules of a DN target apply).
        if (!ResolveTargets(call, decision, call.Forwards.Count)) return null;
        if (call.Sequential) TryNextMember(call);
        else foreach (var target in call.Targets) StartAttempt(call, target);
        return null;
    }
}
