using SipGateway.Calls.CallControl;

namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>Line-call control over the B2BUA's remote-device call API.</summary>
public sealed class B2buaLineCalls(BackToBackUserAgent b2bua) : ILineCallControl
{
    public bool Hold(string b2buaCallId, bool hold) => b2bua.HoldCallerOfRemoteDevice(b2buaCallId, hold);

    public bool SendDigits(string b2buaCallId, string digits) => b2bua.SendDigitsToCallerOfRemoteDevice(b2buaCallId, digits);

    public bool Disconnect(string b2buaCallId, string reason) => b2bua.DisconnectRemoteDeviceCall(b2buaCallId, reason);

    public string? Redirect(string b2buaCallId, string device, string destination) => b2bua.RedirectRemoteDeviceCall(b2buaCallId, device, destination);
}
