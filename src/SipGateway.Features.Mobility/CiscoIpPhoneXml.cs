using System.Xml.Linq;

namespace SipGateway.Features.Mobility;

/// <summary>The Cisco IP Phone XML objects the EM service answers phones with (CiscoIPPhoneInput, Text, Execute).</summary>
internal static class CiscoIpPhoneXml
{
    public const string ContentType = "text/xml; charset=utf-8";

    public sealed record InputItem(string DisplayName, string Parameter, string? DefaultValue, string Flags);

    /// <summary>A form: the phone asks for each item and requests <paramref name="url"/> with the answers appended as query parameters.</summary>
    public static string Input(string title, string prompt, string url, params InputItem[] items) =>
        Render(new XElement("CiscoIPPhoneInput",
            new XElement("Title", title), new XElement("Prompt", prompt), new XElement("URL", url),
            items.Select(i => new XElement("InputItem",
                new XElement("DisplayName", i.DisplayName), new XElement("QueryStringParam", i.Parameter),
                new XElement("DefaultValue", i.DefaultValue ?? ""), new XElement("InputFlags", i.Flags)))));

    /// <summary>A text screen, with soft keys (label, URL).</summary>
    public static string Text(string title, string text, params (string Name, string Url)[] softKeys) =>
        Render(new XElement("CiscoIPPhoneText",
            new XElement("Title", title), new XElement("Text", text),
            softKeys.Select((k, i) => new XElement("SoftKeyItem", new XElement("Name", k.Name), new XElement("URL", k.Url), new XElement("Position", i + 1)))));

    /// <summary>Runs phone URIs in order (Init:CallHistory clears the call logs).</summary>
    public static string Execute(params string[] urls) =>
        Render(new XElement("CiscoIPPhoneExecute", urls.Select(u => new XElement("ExecuteItem", new XAttribute("Priority", 0), new XAttribute("URL", u)))));

    private static string Render(XElement e) => "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + e.ToString(SaveOptions.DisableFormatting);
}
