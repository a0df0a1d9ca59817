using SipGateway.Calls.CallControl;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>
/// Line-call control over call control's third-party operations, for calls still on a remote device
/// (<paramref name="deviceOf"/>: the device a call rings or is answered on, null once it left it).
/// </summary>
public sealed class B2buaLineCalls(ICallControl control, Func<string, string?> deviceOf) : ILineCallControl
{
    public bool Hold(string b2buaCallId, bool hold) => deviceOf(b2buaCallId) is not null && control.HoldCaller(b2buaCallId, hold);

    public bool SendDigits(string b2buaCallId, string digits) => deviceOf(b2buaCallId) is not null && control.SendDigitsToCaller(b2buaCallId, digits);

    public bool Disconnect(string b2buaCallId, string reason) => deviceOf(b2buaCallId) is not null && control.Disconnect(b2buaCallId, reason);

    public string? Redirect(string b2buaCallId, string device, string destination) =>
        deviceOf(b2buaCallId) == device ? control.Redirect(b2buaCallId, device, destination) : $"call {b2buaCallId} is not ringing on {device}";
}
