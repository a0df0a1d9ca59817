namespace SipGateway.Routing;

/// <summary>
/// Who is dialling, as digit analysis sees it: the CSS to search, the device pool that resolves the
/// Standard Local Route Group, and the line's external phone number mask and number. Get one from
/// <see cref="DialPlan.CallerFromDevice"/>, <see cref="DialPlan.CallerFromTrunk"/> or <see cref="DialPlan.CallerWithCss"/>.
/// </summary>
public sealed class Caller
{
    internal Caller(CallingSearchSpace css, DevicePool? devicePool, string? externalPhoneNumberMask, string? callingNumber, string? name)
    {
        Css = css;
        DevicePool = devicePool;
        ExternalPhoneNumberMask = externalPhoneNumberMask;
        CallingNumber = callingNumber;
        Name = name;
    }

    public CallingSearchSpace Css { get; }

    public DevicePool? DevicePool { get; }

    public string? ExternalPhoneNumberMask { get; }

    /// <summary>The line's DN, used when the call gives no calling number.</summary>
    public string? CallingNumber { get; }

    /// <summary>Device or trunk name, when known.</summary>
    public string? Name { get; }
}
