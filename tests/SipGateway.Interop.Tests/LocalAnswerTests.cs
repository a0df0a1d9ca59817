using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SipGateway.Calls.CallControl;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Interop.Tests;

/// <summary>
/// A route handler that takes a call by having the gateway answer the caller itself (<see cref="CallRouteResult.Answer"/>),
/// through the running gateway with a SIPp caller: the callee gets the answered leg, may hang up with a cause, and is
/// told once when the call ends; an offer without the callee's codecs gets 488 with the callee's reason.
/// </summary>
public class LocalAnswerTests
{
    [Fact]
    public async Task The_callee_gets_the_answered_leg_and_its_hang_up_reaches_the_caller_cdr_and_callee()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var handler = new AnsweringRouteHandler(hangUpAfter: TimeSpan.FromMilliseconds(500));
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallRouteHandler>(handler));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_answered_then_bye.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output);

        var callee = Assert.Single(handler.Callees);
        var answered = callee.AnsweredCall;
        Assert.NotNull(answered);
        Assert.Equal("14085551234", answered.CalledNumber);
        // As presented after digit analysis: the PSTN route pattern's calling party transform mask (408555XXXX).
        Assert.Equal("4085551234", answered.CallingNumber);
        Assert.Equal("6505551234", answered.Call.CallingOriginal);
        Assert.True(answered.Codec.SameFormat(SdpCodec.Pcmu), answered.Codec.Name);
        Assert.Equal(0, answered.PayloadType);
        Assert.True(callee.PortAtAnswer > 0);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(callee.Ends.Count == 1), TimeSpan.FromSeconds(5)), "the callee was not told the call ended");
        Assert.Equal(["Busy Here (the test callee hung up)"], callee.Ends);

        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(answered.CallId, cdr.GetProperty("callId").GetString());
        Assert.Equal(486, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("Test callee", cdr.GetProperty("routeMember").GetString());
        Assert.NotEqual(JsonValueKind.Null, cdr.GetProperty("answerUtc").ValueKind);
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
    }

    [Fact]
    public async Task An_offer_without_the_callees_codecs_gets_488_with_its_reason_and_the_callee_hears_not_answered()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var handler = new AnsweringRouteHandler(hangUpAfter: null);
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallRouteHandler>(handler));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_page_rejected.xml", localAddress: "127.0.0.2", service: "914085551234",
            extra: ["-key", "codec_pt", "8", "-key", "codec_name", "PCMA"]);
        Assert.True(uac.ExitCode == 0, uac.Output);

        var callee = Assert.Single(handler.Callees);
        Assert.Null(callee.AnsweredCall);
        Assert.Equal(["not answered"], callee.Ends);
        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(488, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("Not Acceptable Here (the test callee takes only G.711 mu-law)", cdr.GetProperty("causeText").GetString());
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("answerUtc").ValueKind);
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
    }

    /// <summary>Takes every call to the PSTN by answering it itself, mu-law only; each call gets its own callee.</summary>
    private sealed class AnsweringRouteHandler(TimeSpan? hangUpAfter) : ICallRouteHandler
    {
        public ConcurrentQueue<RecordingCallee> Callees { get; } = new();

        public CallRouteResult TryHandle(Call call, RoutingDecision decision)
        {
            if (decision.Result != RoutingResult.Route) return CallRouteResult.NotHandled;
            var callee = new RecordingCallee(hangUpAfter);
            Callees.Enqueue(callee);
            return CallRouteResult.Answer(new LocalAnswer([SdpCodec.Pcmu], callee)
            {
                NotAcceptableReason = "Not Acceptable Here (the test callee takes only G.711 mu-law)",
                RouteMember = "Test callee",
            });
        }
    }

    /// <summary>Records what it is told; hangs up with 486 a while after the answer when asked to.</summary>
    private sealed class RecordingCallee(TimeSpan? hangUpAfter) : ILocalCallee
    {
        public LocallyAnsweredCall? AnsweredCall { get; private set; }
        public int PortAtAnswer { get; private set; }
        public ConcurrentQueue<string> Ends { get; } = new();

        public void Answered(LocallyAnsweredCall call)
        {
            AnsweredCall = call;
            PortAtAnswer = call.Media.LocalPort;
            if (hangUpAfter is { } delay)
                _ = Task.Delay(delay).ContinueWith(_ => call.Hangup(486, "Busy Here (the test callee hung up)"), TaskScheduler.Default);
        }

        public void Ended(string cause) => Ends.Enqueue(cause);
    }
}
