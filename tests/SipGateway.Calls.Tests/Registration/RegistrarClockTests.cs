using SipGateway.Sip.Message;
using static SipGateway.Calls.Tests.Registration.RegistrarHarness;

namespace SipGateway.Calls.Tests.Registration;

/// <summary>The registrar reads time only from the clock it is given.</summary>
public class RegistrarClockTests
{
    [Fact]
    public void The_200_is_dated_by_the_injected_clock_and_bindings_age_on_it()
    {
        var h = new RegistrarHarness();
        h.Clock.Advance(TimeSpan.FromMinutes(90));
        var (_, ok) = h.SendAuthenticated(Register("1000", 1, "c1", "Contact: <sip:1000@10.0.0.5:5062>", "Expires: 60"),
            new Sip.Auth.DigestClient("alice", "alicepw"));

        Assert.Equal(200, ok.StatusCode);
        // RFC 3261 §20.17: rfc1123-date in GMT; the harness clock starts at 2026-01-01 00:00 UTC.
        Assert.Equal("Thu, 01 Jan 2026 01:30:00 GMT", ok.Headers[HeaderId.Date]);

        h.Clock.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(h.Registrar.BindingsOfDn("1000"));
        h.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(h.Registrar.BindingsOfDn("1000"));
    }
}
