using SipGateway.Media.Events;

namespace SipGateway.Media.Tests;

public class SipInfoDtmfTests
{
    [Theory]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=160\r\n", '5', 160)]
    [InlineData("Application/DTMF-Relay; charset=utf-8", "signal = #\nduration= 250\n", '#', 250)]
    [InlineData("application/dtmf-relay", "Signal=*\r\n", '*', 100)]            // no Duration: the default
    [InlineData("application/dtmf-relay", "Signal=d\r\nDuration=0\r\n", 'D', 100)] // 0: sender does not know
    [InlineData("application/dtmf-relay", "Signal=11\r\nDuration=80\r\nVolume=10\r\n", '#', 80)] // event code, extra line
    [InlineData("application/dtmf-relay", "Signal=!\r\nDuration=500\r\n", '!', 500)]
    [InlineData("application/dtmf", "7\r\n", '7', 100)]
    [InlineData("application/dtmf", "A", 'A', 100)]
    public void Valid_bodies_parse(string contentType, string body, char digit, int durationMs)
    {
        Assert.True(SipInfoDtmf.IsDtmfContentType(contentType));
        var d = SipInfoDtmf.Parse(contentType, body);
        Assert.Equal(digit, d.Digit);
        Assert.Equal(TimeSpan.FromMilliseconds(durationMs), d.Duration);
    }

    [Theory]
    [InlineData("application/dtmf-relay", "", "empty")]
    [InlineData("application/dtmf-relay", "Duration=160\r\n", "no Signal")]
    [InlineData("application/dtmf-relay", "Signal=E\r\nDuration=160\r\n", "'E' is not one of")]
    [InlineData("application/dtmf-relay", "Signal=55\r\n", "'55' is not one of")]
    [InlineData("application/dtmf-relay", "Signal=\r\n", "empty")]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=-5\r\n", "Duration '-5'")]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=abc\r\n", "Duration 'abc'")]
    [InlineData("application/dtmf-relay", "Signal=5\r\nDuration=99999999\r\n", "Duration '99999999'")]
    [InlineData("application/dtmf-relay", "Signal=5\r\nSignal=6\r\n", "more than one Signal")]
    [InlineData("application/dtmf-relay", "Signal 5\r\n", "not name=value")]
    [InlineData("application/dtmf", "", "empty")]
    [InlineData("application/dtmf", "56", "'56' is not one of")]
    [InlineData("text/plain", "Signal=5", "not application/dtmf-relay")]
    public void Bad_bodies_are_refused_with_a_clear_error(string contentType, string body, string expected)
    {
        Assert.False(SipInfoDtmf.TryParse(contentType, body, out _, out var error));
        Assert.Contains(expected, error);
        var ex = Assert.Throws<FormatException>(() => SipInfoDtmf.Parse(contentType, body));
        Assert.Equal(error, ex.Message);
    }

    [Fact]
    public void Format_writes_the_cisco_body_and_round_trips()
    {
        Assert.Equal("Signal=5\r\nDuration=160\r\n", SipInfoDtmf.FormatDtmfRelay('5', TimeSpan.FromMilliseconds(160)));
        Assert.Equal("Signal=B\r\nDuration=90\r\n", SipInfoDtmf.FormatDtmfRelay('b', TimeSpan.FromMilliseconds(90)));
        foreach (char c in "0123456789*#ABCD")
        {
            var body = SipInfoDtmf.FormatDtmfRelay(c, TimeSpan.FromMilliseconds(120));
            Assert.Equal(new DtmfDigit(c, TimeSpan.FromMilliseconds(120)), SipInfoDtmf.Parse(SipInfoDtmf.DtmfRelayContentType, body));
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => SipInfoDtmf.FormatDtmfRelay('x', TimeSpan.FromMilliseconds(100)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SipInfoDtmf.FormatDtmfRelay('1', TimeSpan.Zero));
        Assert.False(SipInfoDtmf.IsDtmfContentType("application/sdp"));
        Assert.False(SipInfoDtmf.IsDtmfContentType(null));
    }
}
