using SipGateway.Sip.Message;

namespace SipGateway.Sip.Dialogs;

/// <summary>Option tags in Supported / Require (RFC 3261 §19.2), compared case-insensitively.</summary>
public static class OptionTags
{
    public const string Rel100 = "100rel";

    public static bool Has(SipMessage message, HeaderId header, string option)
    {
        foreach (var value in message.Headers.GetValues(header))
            if (string.Equals(value.Trim(), option, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }
}
