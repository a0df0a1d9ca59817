using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SipGateway.Calls.CallControl;
using SipGateway.Interop.Tests.Infrastructure;
using SipGateway.Routing;
using SipGateway.Sip.Sdp;

namespace SipGateway.Interop.Tests;

/// <summary>
/// A target source registered with the host (<see cref="ICallTargetSource"/>), through the running gateway with a SIPp
/// trunk caller: a line whose every device the source serves, with nothing to ring, is busy with the source's reason
/// (not 480 "not registered"); a source's device may take a call dialled to its line without ringing (the gateway
/// answers), but is not asked for a call forwarded to that line.
/// </summary>
public class CallTargetSourceTests
{
    [Fact]
    public async Task A_line_whose_every_device_the_source_serves_with_nothing_to_ring_is_busy_with_the_sources_reason()
    {
        var source = new TestSource(answerDn: null);
        await using var gw = await HostedGateway.StartAsync(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()),
            services => services.AddSingleton<ICallTargetSource>(source));
        var uac = await Sipp.RunAsync(gw.SipPort, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.NotEqual(0, uac.ExitCode);

        var cdr = await gw.FirstCdrAsync();
        Assert.Equal(486, cdr.GetProperty("causeCode").GetInt32());
        Assert.Equal("Busy Here (line 1001: the test source has nothing to ring)", cdr.GetProperty("causeText").GetString());
        Assert.Equal(["answer 1001", "add 1001"], source.Asked);
    }

    [Fact]
    public async Task A_sources_device_takes_a_call_dialled_to_its_line_without_ringing_but_not_one_forwarded_there()
    {
        // Line 1001 forwards everything to 1002, the line whose device the source answers for.
        var config = JsonNode.Parse(GatewayConfig.WithTrunks(FreePort.UdpAndTcp(), FreePort.UdpAndTcp()))!.AsObject();
        config["Devices"]!["SEP0011AABBCC02"]!["Lines"]![0]!["CallForwardAll"] = new JsonObject { ["Destination"] = "1002", ["Css"] = "CSS_Internal" };
        var source = new TestSource(answerDn: "1002");
        await using var gw = await HostedGateway.StartAsync(config.ToJsonString(), services => services.AddSingleton<ICallTargetSource>(source));

        var direct = await Sipp.RunAsync(gw.SipPort, "uac_answered_then_bye.xml", localAddress: "127.0.0.2", service: "1002");
        Assert.True(direct.ExitCode == 0, direct.Output);
        var callee = Assert.Single(source.Callees);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(callee.Ends.Count == 1), TimeSpan.FromSeconds(5)), "the callee was not told the call ended");
        Assert.Equal(["Busy Here (the test callee hung up)"], callee.Ends);
        var answered = await gw.FirstCdrAsync();
        Assert.Equal("Test source 1002", answered.GetProperty("routeMember").GetString());

        // Forwarded to 1002 (hop 1): the source is not asked to answer, only for targets; it serves every device: busy.
        var forwarded = await Sipp.RunAsync(gw.SipPort, "uac_call.xml", localAddress: "127.0.0.2", service: "1001");
        Assert.NotEqual(0, forwarded.ExitCode);
        Assert.Single(source.Callees);
        Assert.Equal(["answer 1002", "add 1002"], source.Asked);
        JsonElement cdrs = default;
        Assert.True(await Poll.UntilAsync(async () => (cdrs = await gw.GetJsonAsync("/api/cdrs")).GetArrayLength() == 2, TimeSpan.FromSeconds(5)));
        var busy = cdrs.EnumerateArray().Single(c => c.GetProperty("calledOriginal").GetString() == "1001");
        Assert.Equal(486, busy.GetProperty("causeCode").GetInt32());
        Assert.Equal(JsonValueKind.Null, busy.GetProperty("answerUtc").ValueKind);
        Assert.Equal("Busy Here (line 1002: the test source has nothing to ring)", busy.GetProperty("causeText").GetString());
    }

    /// <summary>Serves every device of every line and rings nothing; answers calls to <paramref name="answerDn"/> itself.</summary>
    private sealed class TestSource(string? answerDn) : ICallTargetSource
    {
        public ConcurrentQueue<string> Asked { get; } = new();
        public ConcurrentQueue<RecordingCallee> Callees { get; } = new();

        public LocalAnswer? AnswerWithoutRinging(Call call, DirectoryNumber dn)
        {
            Asked.Enqueue("answer " + dn.Dn);
            if (dn.Dn != answerDn) return null;
            var callee = new RecordingCallee();
            Callees.Enqueue(callee);
            return new LocalAnswer([SdpCodec.Pcmu], callee) { RouteMember = "Test source " + dn.Dn };
        }

        public TargetCoverage AddTargets(Call call, DirectoryNumber dn, List<CallTarget> targets)
        {
            Asked.Enqueue("add " + dn.Dn);
            return TargetCoverage.Every;
        }

        public NothingToRing WhenNothingRings(DirectoryNumber dn) =>
            new("Call Forward No Answer (test source)", $"Busy Here (line {dn.Dn}: the test source has nothing to ring)");
    }

    /// <summary>Hangs up with 486 half a second after the answer; records the ends it is told.</summary>
    private sealed class RecordingCallee : ILocalCallee
    {
        public ConcurrentQueue<string> Ends { get; } = new();

        public void Answered(LocallyAnsweredCall call) =>
            _ = Task.Delay(500).ContinueWith(_ => call.Hangup(486, "Busy Here (the test callee hung up)"), TaskScheduler.Default);

        public void Ended(string cause) => Ends.Enqueue(cause);
    }
}
