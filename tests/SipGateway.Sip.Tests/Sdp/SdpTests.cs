using SipGateway.Sip.Parsing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Sip.Tests.Sdp;

public class SdpTests
{
    private static SdpSessionDescription BodyOf(string file) =>
        SdpSessionDescription.Parse(SipParser.ParseDatagram(Corpus.Real(file)).Message!.BodyText);

    [Theory]
    [InlineData("asterisk-fpbx16-invite.txt")]
    [InlineData("freeswitch-1.8.5-invite.txt")]
    [InlineData("linphone-3.6.1-invite.txt")]
    public void Real_product_offers_parse_and_round_trip(string file)
    {
        var sdp = BodyOf(file);
        Assert.NotNull(sdp.FirstAudio);
        var again = SdpSessionDescription.Parse(sdp.ToString());
        Assert.Equal(sdp.ToString(), again.ToString());
        Assert.Equal(sdp.Media.Count, again.Media.Count);
        Assert.Equal(sdp.FirstAudio!.Codecs(), again.FirstAudio!.Codecs());
    }

    [Fact]
    public void Asterisk_offer_codecs_in_preference_order()
    {
        var audio = BodyOf("asterisk-fpbx16-invite.txt").FirstAudio!;
        var codecs = audio.Codecs();
        Assert.Equal(["PCMU", "PCMA", "opus", "G722", "GSM", "G726-32", "telephone-event", "telephone-event"], codecs.Select(c => c.Name));
        Assert.Equal((48000, 2), (codecs[2].ClockRate, codecs[2].Channels));
        Assert.Equal([8000, 48000], codecs.Where(c => c.IsTelephoneEvent).Select(c => c.ClockRate));
        Assert.Equal(SdpDirection.SendRecv, audio.Direction);
    }

    [Fact]
    public void Answer_picks_the_offerers_first_common_codec_and_keeps_its_payload_types()
    {
        var offer = SdpSessionDescription.Parse(
            "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" +
            "m=audio 4000 RTP/AVP 18 8 0 96\r\na=rtpmap:96 telephone-event/8000\r\na=fmtp:96 0-15\r\n" +
            "m=video 5000 RTP/AVP 31\r\n");
        var local = new SdpLocalMedia("127.0.0.1", 20000, [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent]);
        var result = SdpAnswerer.Answer(offer, local, 7, 1);
        Assert.True(result.Succeeded);
        Assert.Equal("PCMA", result.Codec!.Name);
        Assert.Equal(96, result.TelephoneEvent!.PayloadType);
        var answer = SdpSessionDescription.Parse(result.Answer!.ToString());
        Assert.Equal(2, answer.Media.Count);
        Assert.Equal(20000, answer.Media[0].Port);
        Assert.Equal(["8", "96"], answer.Media[0].Formats);
        Assert.Equal("0-15", answer.Media[0].Codecs()[1].Fmtp);
        Assert.Equal(0, answer.Media[1].Port); // video refused
        Assert.Equal("127.0.0.1", answer.Connection!.Address);
    }

    [Theory]
    [InlineData("a=sendonly", SdpDirection.RecvOnly)]
    [InlineData("a=recvonly", SdpDirection.SendOnly)]
    [InlineData("a=inactive", SdpDirection.Inactive)]
    [InlineData("a=sendrecv", SdpDirection.SendRecv)]
    public void Answer_direction_reverses_the_offer(string attribute, SdpDirection expected)
    {
        var offer = SdpSessionDescription.Parse($"v=0\no=- 1 1 IN IP4 192.0.2.1\ns=-\nc=IN IP4 192.0.2.1\nt=0 0\nm=audio 4000 RTP/AVP 0\n{attribute}\n");
        var result = SdpAnswerer.Answer(offer, new SdpLocalMedia("127.0.0.1", 20002, [SdpCodec.Pcmu]), 1, 1);
        Assert.Equal(expected, result.Answer!.Media[0].Direction);
        Assert.Equal(attribute is "a=sendonly" or "a=inactive", offer.IsHold);
    }

    [Fact]
    public void Rfc2543_hold_with_zero_address_is_hold()
    {
        var offer = SdpSessionDescription.Parse("v=0\r\no=- 1 2 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n");
        Assert.True(offer.IsHold);
        var result = SdpAnswerer.Answer(offer, new SdpLocalMedia("127.0.0.1", 20002, [SdpCodec.Pcmu]), 1, 1);
        Assert.Equal(SdpDirection.RecvOnly, result.Answer!.Media[0].Direction);
    }

    [Fact]
    public void No_common_codec_fails_with_a_reason_for_488()
    {
        var offer = SdpSessionDescription.Parse("v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nt=0 0\r\nm=audio 4000 RTP/AVP 18 111\r\na=rtpmap:111 opus/48000/2\r\n");
        var result = SdpAnswerer.Answer(offer, new SdpLocalMedia("127.0.0.1", 20000, [SdpCodec.Pcmu, SdpCodec.Pcma]), 1, 1);
        Assert.False(result.Succeeded);
        Assert.Contains("G729", result.Failure);
        Assert.Contains("opus", result.Failure);
        Assert.Contains("PCMU", result.Failure);
    }

    [Fact]
    public void Own_offer_lists_every_local_codec()
    {
        var offer = SdpAnswerer.Offer(new SdpLocalMedia("127.0.0.1", 20004, [SdpCodec.Pcmu, SdpCodec.Pcma, SdpCodec.TelephoneEvent]), 5, 1);
        var parsed = SdpSessionDescription.Parse(offer.ToString());
        Assert.Equal(["PCMU", "PCMA", "telephone-event"], parsed.FirstAudio!.Codecs().Select(c => c.Name));
        Assert.Equal(20, parsed.FirstAudio.Ptime);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 x\r\ns=-\r\n")]
    [InlineData("v=1\r\no=- 1 1 IN IP4 x\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 x\r\nm=audio port RTP/AVP 0\r\n")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 x\r\nbogus\r\n")]
    public void Malformed_sdp_is_rejected_with_a_reason(string text)
    {
        Assert.False(SdpSessionDescription.TryParse(text, out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
