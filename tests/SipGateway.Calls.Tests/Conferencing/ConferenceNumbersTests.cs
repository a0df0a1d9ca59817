using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Calls.Conferencing;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Transport;

namespace SipGateway.Calls.Tests.Conferencing;

/// <summary>The meet-me numbers' bridges without SIP: who may join, the limit of parties, the bridge's life.</summary>
public sealed class ConferenceNumbersTests : IDisposable
{
    private readonly PacedSender _pacer = new(threads: 1);
    private readonly List<RtpLeg> _legs = [];

    private RtpLeg Leg()
    {
        var leg = new RtpLeg(RtpSocketPair.BindAny(IPAddress.Loopback));
        _legs.Add(leg);
        return leg;
    }

    private ConferenceNumbers Numbers(PacedSender? pacer) => new(new HashSet<string> { "8000", "8001" }, pacer, NullLogger.Instance);

    [Fact]
    public void Only_the_configured_numbers_are_meet_me_numbers()
    {
        var numbers = Numbers(_pacer);
        Assert.True(numbers.Contains("8000"));
        Assert.False(numbers.Contains("8002"));
        Assert.False(numbers.Contains("800"));
    }

    [Fact]
    public void A_bridge_is_made_by_its_first_party_and_goes_with_its_last()
    {
        var numbers = Numbers(_pacer);
        var a = numbers.Join("call-a", "8000", "A", Leg(), 0, out _)!;
        var b = numbers.Join("call-b", "8000", "B", Leg(), 8, out _)!;
        Assert.Same(a.Bridge, b.Bridge);
        Assert.Equal(2, numbers.Bridges["8000"].Participants.Count);
        numbers.Leave(a);
        Assert.Single(numbers.Bridges["8000"].Participants);
        numbers.Leave(b);
        Assert.False(numbers.Bridges.ContainsKey("8000"));
    }

    [Fact]
    public void A_full_bridge_refuses_the_next_party_with_busy_here()
    {
        var numbers = Numbers(_pacer);
        for (int i = 0; i < ConferenceBridge.MaxParticipants; i++)
            Assert.NotNull(numbers.Join($"call-{i}", "8001", $"P{i}", Leg(), 0, out _));
        Assert.Null(numbers.Join("call-late", "8001", "Late", Leg(), 0, out var refusal));
        Assert.Equal($"Busy Here (conference 8001 is full: {ConferenceBridge.MaxParticipants} parties)", refusal);
        Assert.Equal(ConferenceBridge.MaxParticipants, numbers.Bridges["8001"].Participants.Count);
    }

    [Fact]
    public void Without_a_pacer_nobody_joins_and_nobody_is_refused()
    {
        var numbers = Numbers(pacer: null);
        Assert.Null(numbers.Join("call-a", "8000", "A", Leg(), 0, out var refusal));
        Assert.Null(refusal);
        Assert.Empty(numbers.Bridges);
    }

    public void Dispose()
    {
        _pacer.Dispose();
        foreach (var leg in _legs) leg.Dispose();
    }
}
