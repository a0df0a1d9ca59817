using Microsoft.Extensions.DependencyInjection;
using SipGateway.Calls.CallControl;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>Call events through the running gateway: a consumer registered with the host sees what SIPp peers do.</summary>
public class CallEventsTests
{
    [Fact]
    public async Task A_consumer_sees_a_trunk_call_offered_alerting_answered_and_ended_in_order()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var events = new RecordedEvents();
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallEvents>(events));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_call.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output);
        Assert.Equal(0, await uas.WaitAsync(TimeSpan.FromSeconds(20)));

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(events.Lines.Any(l => l.StartsWith("Ended"))), TimeSpan.FromSeconds(5)), string.Join(", ", events.Lines));
        Assert.Equal(["Offered 14085551234", "Alerting", "Answered", "Ended 200"], events.Lines);
        // The CDR, written by the consumer that comes first, agrees.
        Assert.Equal(200, (await gw.FirstCdrAsync()).GetProperty("causeCode").GetInt32());
    }

    [Fact]
    public async Task A_refused_srtp_caller_is_never_offered_but_its_end_is_told()
    {
        await using var uas = SippUas.Start("uas_check.xml");
        var events = new RecordedEvents();
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(uas.Port, FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallEvents>(events));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_savp_refused.xml", localAddress: "127.0.0.2", service: "914085551234");
        Assert.True(uac.ExitCode == 0, uac.Output);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(events.Lines.Count > 0), TimeSpan.FromSeconds(5)));
        Assert.Equal(["Ended 488"], events.Lines);
    }

    /// <summary>Records what it is told; implements only some events, as a consumer may.</summary>
    private sealed class RecordedEvents : ICallEvents
    {
        private readonly List<string> _lines = [];
        public List<string> Lines { get { lock (_lines) return [.. _lines]; } }

        private void Add(string line) { lock (_lines) _lines.Add(line); }
        public void Offered(Call call) => Add("Offered " + call.CalledFinal);
        public void Alerting(Call call) => Add("Alerting");
        public void Answered(Call call) => Add("Answered");
        public void Ended(Call call) => Add($"Ended {call.CauseCode}");
    }
}
