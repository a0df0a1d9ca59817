namespace SipGateway.Routing;

public sealed class DeviceLine
{
    internal DeviceLine(DirectoryNumber directoryNumber, CallingSearchSpace? css, CallingSearchSpace effectiveCss,
        string? externalPhoneNumberMask)
    {
        DirectoryNumber = directoryNumber;
        Css = css;
        EffectiveCss = effectiveCss;
        ExternalPhoneNumberMask = externalPhoneNumberMask;
    }

    public DirectoryNumber DirectoryNumber { get; }

    /// <summary>The line's own CSS.</summary>
    public CallingSearchSpace? Css { get; }

    /// <summary>Line CSS then device CSS: what calls from this line search.</summary>
    public CallingSearchSpace EffectiveCss { get; }

    public string? ExternalPhoneNumberMask { get; }
}
