using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SipGateway.Calls.CallControl;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Routing;

namespace SipGateway.Interop.Tests;

/// <summary>
/// The teardown rule, through the running gateway with SIPp peers: whatever ends a call, a caller without a final
/// response gets one (here within 1 s: SIPp's -recv_timeout fails the call otherwise), every confirmed leg gets a BYE,
/// nothing is left in /api/calls and the CDR has the true cause (a caller never answered is not "answered").
/// </summary>
public class CallTeardownTests
{
    private static readonly string[] WithinOneSecond = ["-recv_timeout", "1000"];

    [Fact]
    public async Task A_caller_offering_only_srtp_gets_488_naming_the_profile_and_nothing_rings()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_savp_refused.xml", localAddress: "127.0.0.2", service: "914085551234", extra: WithinOneSecond);
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);

        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(488, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains("RTP/SAVP is not supported yet", cdr.GetProperty("causeText").GetString());
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("answerUtc").ValueKind);
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
    }

    [Theory]
    [InlineData("uas_answer_savp.xml", "RTP/SAVP is not supported yet")]
    [InlineData("uas_answer_g729.xml", "callee answered without usable SDP")]
    public async Task A_callee_answer_the_gateway_cannot_use_ends_both_legs(string calleeScenario, string cause)
    {
        await using var callee = SippUas.Start(calleeScenario);
        await using var gw = await GatewayProcess.StartAsync(GatewayConfig.WithTrunks(callee.Port, FreePort.UdpAndTcp()));
        var uac = await Sipp.RunAsync(gw, "uac_answer_refused.xml", localAddress: "127.0.0.2", service: "914085551234", extra: WithinOneSecond);
        Assert.True(uac.ExitCode == 0, uac.Output + "\n" + gw.Output);
        // The callee was ACKed, then BYEd with Reason cause=488 (its scenario checks both).
        Assert.True(await callee.WaitAsync(TimeSpan.FromSeconds(20)) == 0, callee.Diagnostics + "\n" + gw.Output);

        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(488, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains(cause, cdr.GetProperty("causeText").GetString());
        Assert.Equal(JsonValueKind.Null, cdr.GetProperty("answerUtc").ValueKind);
    }

    [Fact]
    public async Task An_exception_in_a_route_handler_ends_the_call_with_500()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var handler = new FailingRouteHandler();
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallRouteHandler>(handler));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_server_error.xml", localAddress: "127.0.0.2", service: "914085551234", extra: WithinOneSecond);
        Assert.True(uac.ExitCode == 0, uac.Output);
        Assert.Equal(1, handler.Consulted);

        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(500, cdr.GetProperty("causeCode").GetInt32());
        Assert.Contains(nameof(InvalidOperationException), cdr.GetProperty("causeText").GetString());
        Assert.Equal("14085551234", cdr.GetProperty("calledFinal").GetString());
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
    }

    [Fact]
    public async Task A_route_handler_that_refuses_a_call_gives_the_caller_its_status_and_reason()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallRouteHandler>(new AfterHoursRouteHandler()));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.NotEqual(0, uac.ExitCode);
        Assert.Contains("403 Forbidden (after hours)", uac.Output);

        Assert.Equal(0, (await gw.GetJsonAsync("/api/calls")).GetArrayLength());
        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(403, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("Forbidden (after hours)", cdr.GetProperty("causeText").GetString());
        Assert.DoesNotContain("INVITE sip:", uas.Messages);
    }

    /// <summary>A plug-in that takes calls to the PSTN by refusing them (an after-hours rule).</summary>
    private sealed class AfterHoursRouteHandler : ICallRouteHandler
    {
        public CallRouteResult TryHandle(Call call, RoutingDecision decision) =>
            decision.Result == RoutingResult.Route ? CallRouteResult.Reject(403, "Forbidden (after hours)") : CallRouteResult.NotHandled;
    }

    /// <summary>A plug-in with a bug: it throws for every call it is shown.</summary>
    private sealed class FailingRouteHandler : ICallRouteHandler
    {
        private int _consulted;
        public int Consulted => Volatile.Read(ref _consulted);

        public CallRouteResult TryHandle(Call call, RoutingDecision decision)
        {
            Interlocked.Increment(ref _consulted);
            throw new InvalidOperationException("a route handler bug");
        }
    }
}
