using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Auth.Tests;

internal static class TestData
{
    public static string Text(string relative) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", relative));

    public static SipRequest Request(string relative) => (SipRequest)SipParser.ParseText(Text(relative));

    public static SipResponse Response(string relative) => (SipResponse)SipParser.ParseText(Text(relative));
}
