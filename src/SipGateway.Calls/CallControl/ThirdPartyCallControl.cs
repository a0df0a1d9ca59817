using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SipGateway.Calls.Lines;
using SipGateway.Routing;
using SipGateway.Sip.Transactions;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Third-party control of calls by id (<see cref="ICallControl"/>): what a CTI application asks on a party's behalf
/// (hold the caller, send it digits, hang up, deflect a ringing call). The plug-in that asks decides whose calls it
/// may control; here only the call's own state is checked.
/// </summary>
internal sealed class ThirdPartyCallControl(BackToBackUserAgent b2bua, ConcurrentDictionary<string, Call> calls, SipTransactionLayer layer,
    LineDirectory lines, CallTeardown teardown, CallHold callHold, DtmfInterworking dtmf, CallEventSubscribers events, TimeProvider time, ILogger log) : ICallControl
{
    private Call? AnsweredCall(string callId) =>
        calls.TryGetValue(callId, out var call) && call.IsAnswered && call.Outbound is not null && call.Inbound is not null ? call : null;

    public bool HoldCaller(string callId, bool hold)
    {
        if (AnsweredCall(callId) is not { } call) return false;
        lock (call.Gate) if (call.Outbound!.HeldByPeer == hold) return false;
        callHold.Set(call, call.Outbound!, hold);
        return true;
    }

    public bool SendDigitsToCaller(string callId, string digits)
    {
        if (AnsweredCall(callId) is not { } call) return false;
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
                else dtmf.SendInfo(to, digit, TimeSpan.FromMilliseconds(100));
                await Task.Delay(TimeSpan.FromMilliseconds(60), time);
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or ArgumentException)
        {
            log.DigitsStopped(call.Id, ex.Message);
        }
    }

    public bool Disconnect(string callId, string reason)
    {
        if (!calls.TryGetValue(callId, out var call)) return false;
        List<OutboundAttempt> pending;
        lock (call.Gate)
        {
            if (call.IsEnded) return false;
            pending = call.IsAnswered ? [] : call.AbandonPendingAttempts();
        }
        if (!call.IsAnswered)
        {
            foreach (var a in pending) layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.Declined);
            teardown.Fail(call, 603, "Decline (" + reason + ")");
            return true;
        }
        return teardown.Disconnect(call, reason);
    }

    public string? Redirect(string callId, string device, string destination)
    {
        if (!calls.TryGetValue(callId, out var call)) return $"call {callId} is not ringing on {device}";
        Caller caller;
        try { caller = b2bua.Plan.CallerFromDevice(device); }
        catch (KeyNotFoundException ex) { return ex.Message; }
        var decision = b2bua.Analyze(caller, destination, call.CallingFinal ?? call.CallingOriginal);
        switch (decision.Result)
        {
            case RoutingResult.Route when b2bua.TargetsOf(decision).Count == 0:
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
            pending = call.AbandonPendingAttempts();
            if (call.CalledDirectoryNumber is { } dn && call.OccupiedLines.Remove(dn.Dn)) lines.Release(dn.Dn);
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
        events.Deflected(call);
        foreach (var a in pending) layer.Cancel((InviteClientTransaction)a.Transaction, CancelReasons.Redirected);
        log.Redirected(callId, device, destination, decision.Result);
        // From here the call goes on as if it had been dialled there (line rules of a DN target apply).
        b2bua.Hunt(call, decision, call.Forwards.Count);
        return null;
    }

    public bool Hangup(string callId, int code, string reason)
    {
        if (!calls.TryGetValue(callId, out var call) || call.Inbound is null) return false;
        // Ended from outside, not by the caller: with a normal clearing too, the caller is sent a BYE (RFC 3326 Reason).
        teardown.Hangup(call, from: null, code, reason);
        return true;
    }
}
