using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

public class InBandDtmfTests
{
    [Theory]
    [InlineData('1', 697, 1209)]
    [InlineData('5', 770, 1336)]
    [InlineData('9', 852, 1477)]
    [InlineData('0', 941, 1336)]
    [InlineData('*', 941, 1209)]
    [InlineData('#', 941, 1477)]
    [InlineData('d', 941, 1633)]
    public void Digits_use_the_Q23_frequency_pairs(char digit, int low, int high)
    {
        Assert.True(InBandDtmf.TryFrequencies(digit, out var pair));
        Assert.Equal((low, high), pair);
    }

    [Fact]
    public void A_digit_string_is_tone_then_gap_per_digit_played_once()
    {
        var tone = InBandDtmf.Of("15#");
        Assert.Equal("697+1209/100,0/60,770+1336/100,0/60,941+1477/100,0/60", tone.Cadence);
        Assert.False(tone.Repeat);
        Assert.Equal(6, tone.Parse().Segments.Count);
        Assert.Throws<ArgumentException>(() => InBandDtmf.Of("1x"));
    }

    private static (CtiScenario S, CtiCall Call) ConnectedDvo()
    {
        var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var call = s.Dvo.MakeCall("CTRIDalice", "1000");
        ((FakeLeg)call.RemoteLeg).Answer();
        ((FakeLeg)call.FarLeg!).Answer();
        return (s, call);
    }

    [Theory]
    [InlineData(null, new[] { "rfc4733" })]
    [InlineData("rfc4733", new[] { "rfc4733" })]
    [InlineData("INBAND", new[] { "inband" })]
    [InlineData("both", new[] { "rfc4733", "inband" })]
    public void Dtmf_goes_as_events_audio_or_both(string? mode, string[] sent)
    {
        var (s, call) = ConnectedDvo();
        using var _ = s;
        s.MidCall.Apply(call.Id, "dtmf", "42", mode);
        Assert.Equal(sent, s.Legs.DigitsSent.Select(d => d.Mode));
        Assert.All(s.Legs.DigitsSent, d => Assert.Equal("42", d.Digits));
    }

    [Fact]
    public void An_unknown_dtmf_mode_is_refused()
    {
        var (s, call) = ConnectedDvo();
        using var _ = s;
        var error = Assert.Throws<CtiException>(() => s.MidCall.Apply(call.Id, "dtmf", "1", "shout")).Error;
        Assert.Equal(("DTMF_MODE_INVALID", 400), (error.Code, error.Status));
        Assert.Empty(s.Legs.DigitsSent);
    }
}
