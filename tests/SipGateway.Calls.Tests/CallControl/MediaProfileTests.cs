using SipGateway.Calls.CallControl;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Tests.CallControl;

public class MediaProfileTests
{
    private static SdpSessionDescription Sdp(string profile, string formats = "0") => SdpSessionDescription.Parse(
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
        $"m=audio 4000 {profile} {formats}\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:18 G729/8000\r\n");

    [Theory]
    [InlineData("RTP/AVP")]
    [InlineData("RTP/AVPF")]
    public void Plain_rtp_profiles_are_carried(string profile) => Assert.Null(MediaProfile.Unsupported(Sdp(profile)));

    [Theory]
    [InlineData("RTP/SAVP")]
    [InlineData("RTP/SAVPF")]
    [InlineData("UDP/TLS/RTP/SAVP")]
    public void Secure_profiles_are_named_as_not_supported_yet(string profile) =>
        Assert.Equal($"{profile} is not supported yet", MediaProfile.Unsupported(Sdp(profile)));

    [Fact]
    public void An_answer_codec_is_the_first_one_we_offered()
    {
        Assert.Equal("PCMU", CodecChoice.FirstSupported(Sdp("RTP/AVP", "18 0").FirstAudio)?.Name);
        Assert.Null(CodecChoice.FirstSupported(Sdp("RTP/AVP", "18").FirstAudio));
        Assert.Null(CodecChoice.FirstSupported(null));
    }

    [Fact]
    public void A_warning_header_quotes_its_text_after_code_and_agent() =>
        Assert.Equal("302 sipgw.local \"RTP/SAVP is not supported yet\"", new CallWarning(302, "RTP/SAVP is not supported yet").HeaderValue("sipgw.local"));
}
