using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using SipGateway.Calls.CallControl;
using SipGateway.Hosting;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Interop.Tests;

/// <summary>
/// Third-party control (<see cref="ICallControl"/>, what a CTI client's requests reach) through the running gateway
/// with a SIPp caller: a call the gateway answered itself (as a customer call delivered on an Extend and Connect
/// persistent connection is) and then hung up by third-party control with a normal clearing still sends the caller a
/// BYE with its Reason (RFC 3326), not only the CDR.
/// </summary>
public class ThirdPartyControlTests
{
    [Fact]
    public async Task A_locally_answered_call_hung_up_with_a_normal_clearing_sends_the_caller_a_bye_with_the_reason()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var handler = new AnsweringRouteHandler();
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallRouteHandler>(sp =>
            {
                // Resolved when a call is answered: the stack is built after its route handlers.
                handler.Control = () => sp.GetRequiredService<SipStack>().Calls.ThirdParty;
                return handler;
            }));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_answered_then_normal_bye.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output);

        Assert.Equal([true], handler.HangupResults);
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(200, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("disconnected by CTI request", cdr.GetProperty("causeText").GetString());
        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
    }

    /// <summary>Answers every call to the PSTN itself; half a second later hangs it up through third-party control.</summary>
    private sealed class AnsweringRouteHandler : ICallRouteHandler, ILocalCallee
    {
        public Func<ICallControl>? Control { get; set; }
        public ConcurrentQueue<bool> HangupResults { get; } = new();

        public CallRouteResult TryHandle(Call call, RoutingDecision decision) =>
            decision.Result == RoutingResult.Route
                ? CallRouteResult.Answer(new LocalAnswer([SdpCodec.Pcmu], this) { RouteMember = "Test callee" })
                : CallRouteResult.NotHandled;

        public void Answered(LocallyAnsweredCall call) =>
            _ = Task.Delay(500).ContinueWith(_ => HangupResults.Enqueue(Control!().Hangup(call.CallId, 200, "disconnected by CTI request")),
                TaskScheduler.Default);

        public void Ended(string cause) { }
    }
}
