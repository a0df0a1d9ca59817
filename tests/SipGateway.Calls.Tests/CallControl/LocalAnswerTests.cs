using SipGateway.Calls.CallControl;
using SipGateway.Sip.Sdp;

namespace SipGateway.Calls.Tests.CallControl;

public class LocalAnswerTests
{
    private static readonly ILocalCallee Callee = new SilentCallee();

    [Fact]
    public void Our_side_of_the_sdp_is_the_callees_codecs_in_its_order_then_telephone_event()
    {
        var answer = new LocalAnswer([SdpCodec.Pcma, SdpCodec.Pcmu], Callee);
        Assert.Equal([SdpCodec.Pcma, SdpCodec.Pcmu], answer.Codecs);
        Assert.Equal([SdpCodec.Pcma, SdpCodec.Pcmu, SdpCodec.TelephoneEvent], answer.LocalMedia);
    }

    [Fact]
    public void Defaults_forward_digits_and_keep_the_calls_numbers_and_route_member()
    {
        var answer = new LocalAnswer([SdpCodec.Pcmu], Callee);
        Assert.True(answer.ForwardTelephoneEvents);
        Assert.Null(answer.RouteMember);
        Assert.Null(answer.CalledNumber);
        Assert.Null(answer.NotAcceptableReason);
        Assert.Same(Callee, answer.Callee);
    }

    [Fact]
    public void A_g711_codec_under_another_payload_type_number_is_accepted() =>
        Assert.Single(new LocalAnswer([new SdpCodec(96, "pcmu", 8000)], Callee).Codecs);

    [Fact]
    public void At_least_one_codec_is_needed() => Assert.Throws<ArgumentException>(() => new LocalAnswer([], Callee));

    [Theory]
    [InlineData(18, "G729")]
    [InlineData(101, "telephone-event")]
    [InlineData(9, "G722")]
    public void Only_g711_can_be_answered_locally(int payloadType, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => new LocalAnswer([SdpCodec.Pcmu, new SdpCodec(payloadType, name, 8000)], Callee));
        Assert.Contains(name, ex.Message);
    }

    [Fact]
    public void A_callee_is_needed() => Assert.Throws<ArgumentNullException>(() => new LocalAnswer([SdpCodec.Pcmu], null!));

    private sealed class SilentCallee : ILocalCallee
    {
        public void Answered(LocallyAnsweredCall call) { }
        public void Ended(string cause) { }
    }
}
