using SipGateway.Sip.Message;

namespace SipGateway.Sip.Tests.Parsing;

internal static class MessageAssert
{
    /// <summary>Same start line, same header fields in order (Content-Length aside: the serializer rewrites it), same body.</summary>
    public static void Equivalent(SipMessage expected, SipMessage actual)
    {
        Assert.Equal(expected.IsRequest, actual.IsRequest);
        if (expected is SipRequest a && actual is SipRequest b)
        {
            Assert.Equal(a.Method, b.Method);
            Assert.Equal(a.RequestUriText, b.RequestUriText);
        }
        else if (expected is SipResponse r1 && actual is SipResponse r2)
        {
            Assert.Equal(r1.StatusCode, r2.StatusCode);
            Assert.Equal(r1.ReasonPhrase, r2.ReasonPhrase);
        }
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(Fields(expected), Fields(actual));
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }

    private static List<(string, string)> Fields(SipMessage m) =>
        m.Headers.All().Where(h => HeaderNames.Identify(h.Name) != HeaderId.ContentLength).ToList();
}
