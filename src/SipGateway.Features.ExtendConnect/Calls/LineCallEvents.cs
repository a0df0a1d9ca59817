using SipGateway.Calls.CallControl;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// What call control reports about line calls offered to a remote device, turned into the device's CTI line-call
/// events: answered by its remote destination (Connected), answered by another device of the line ("answered
/// elsewhere"), deflected by a redirect, or ended with the call's cause.
/// </summary>
internal sealed class LineCallEvents(RemoteDeviceLineCalls lineCalls) : ICallEvents
{
    public void Answered(Call call)
    {
        if (lineCalls.DeviceOf(call.Id) is not { } device) return;
        if (call.AnsweredBy?.Device == device) lineCalls.Answered(call.Id, device);
        else lineCalls.Ended(call.Id, device, 200, "answered elsewhere");
    }

    public void Deflected(Call call) => lineCalls.Deflected(call.Id);

    public void Ended(Call call)
    {
        if (lineCalls.DeviceOf(call.Id) is { } device) lineCalls.Ended(call.Id, device, call.CauseCode, call.CauseText ?? "");
    }
}
