using SipGateway.Features.ExtendConnect.Calls;
using SipGateway.Features.ExtendConnect.Errors;

namespace SipGateway.Features.ExtendConnect.Tests;

public class PersistentConnectionTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    private static (CtiScenario S, CtiCall Pc, FakeLeg Leg) Connected(TimeSpan? max = null)
    {
        var s = new CtiScenario(max);
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        var leg = (FakeLeg)pc.RemoteLeg;
        leg.Answer();
        return (s, pc, leg);
    }

    [Fact]
    public void An_active_remote_destination_is_required()
    {
        using var s = new CtiScenario();
        Assert.Equal("NO_ACTIVE_RD", Code(() => s.Persistent.Create("CTRIDalice", null, null)));
        s.Rules.Book.Add("CTRIDalice", "94001", null, active: false);
        Assert.Equal("NO_ACTIVE_RD", Code(() => s.Persistent.Create("CTRIDalice", null, null)));
        Assert.Empty(s.Legs.Placed);
    }

    [Fact]
    public void It_calls_the_active_rd_as_Voice_Connect_and_the_dn_by_default_or_as_asked()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        s.Persistent.Create("CTRIDalice", null, null);
        var leg = s.Legs.Placed.Single();
        Assert.Equal(("rd:94001", "Voice Connect", "2000"), (leg.Target, leg.Display, leg.Number));
        Assert.True(leg.Started);
        s.Rules.Book.Add("CTRIDbob", "94002", null, true);
        s.Persistent.Create("CTRIDbob", "Queue Sales", "5550100");
        Assert.Equal(("Queue Sales", "5550100"), (s.Legs.Placed[1].Display, s.Legs.Placed[1].Number));
    }

    [Fact]
    public void A_second_request_while_one_is_being_set_up_or_connected_fails()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        var pc = s.Persistent.Create("CTRIDalice", null, null);
        Assert.Equal("PC_EXISTS", Code(() => s.Persistent.Create("CTRIDalice", null, null)));
        ((FakeLeg)pc.RemoteLeg).Answer();
        Assert.Equal("PC_EXISTS", Code(() => s.Persistent.Create("CTRIDalice", null, null)));
        Assert.Single(s.Legs.Placed);
    }

    [Fact]
    public void It_has_its_own_call_id_and_events()
    {
        var (s, pc, _) = Connected();
        using var _s = s;
        Assert.StartsWith("pc-", pc.Id);
        Assert.Same(pc, s.Calls.Get(pc.Id));
        Assert.Equal(["PersistentConnectionInitiated", "PersistentConnectionEstablished"], s.Names(pc.Id));
    }

    [Fact]
    public void The_longest_active_call_timer_drops_it()
    {
        var (s, pc, leg) = Connected(TimeSpan.FromMinutes(30));
        using var _s = s;
        s.Advance(TimeSpan.FromMinutes(29));
        Assert.Null(leg.HungUpWith);
        Assert.NotNull(s.Persistent.Of("CTRIDalice"));
        s.Advance(TimeSpan.FromMinutes(1.1));
        Assert.NotNull(leg.HungUpWith);
        Assert.Contains("longest active call", leg.HungUpWith!.Value.Reason);
        Assert.Null(s.Persistent.Of("CTRIDalice"));
        Assert.Equal("PersistentConnectionReleased", s.Names(pc.Id).Last());
        Assert.Equal("CALL_NOT_FOUND", Code(() => s.Calls.Get(pc.Id)));
        // A new one may be requested afterwards.
        s.Persistent.Create("CTRIDalice", null, null);
    }

    [Fact]
    public void A_far_end_hang_up_releases_it()
    {
        var (s, pc, leg) = Connected();
        using var _s = s;
        leg.EndByPeer(200, "BYE");
        Assert.Null(s.Persistent.Of("CTRIDalice"));
        Assert.Equal("PersistentConnectionReleased", s.Names(pc.Id).Last());
    }

    [Fact]
    public void Later_calls_are_joined_onto_it_without_redialling_the_rd()
    {
        var (s, pc, leg) = Connected();
        using var _s = s;
        for (int i = 0; i < 2; i++)
        {
            var call = s.Dvo.MakeCall("CTRIDalice", "1000");
            var far = (FakeLeg)call.FarLeg!;
            Assert.True(call.OnPersistentConnection);
            Assert.True(far.Started);
            far.Answer();
            Assert.Contains((leg, far), s.Legs.Joins.Select(j => ((FakeLeg)j.A, (FakeLeg)j.B)));
            far.EndByPeer(200, "BYE");
            Assert.Null(leg.HungUpWith); // the connection stays
            Assert.Null(s.Persistent.Of("CTRIDalice")!.InUseBy);
        }
        Assert.Equal(1, s.Legs.Placed.Count(l => l.Target.StartsWith("rd:")));
        Assert.Equal(2, s.Names().Count(n => n == "PersistentConnectionIdle"));
    }

    [Fact]
    public void Delivered_customer_calls_take_it_one_at_a_time()
    {
        var (s, _, _) = Connected();
        using var _s = s;
        var first = s.Persistent.TryDeliver("CTRIDalice", "b2bua-1");
        Assert.NotNull(first);
        Assert.Null(s.Persistent.TryDeliver("CTRIDalice", "b2bua-2")); // in use: the second customer rings normally
        s.Persistent.DeliveredConnected(first!.Value.Call);
        s.Persistent.DeliveredReleased(first.Value.Connection, first.Value.Call, 200, "BYE");
        Assert.NotNull(s.Persistent.TryDeliver("CTRIDalice", "b2bua-3"));
        Assert.Equal(["Offering", "Connected", "Disconnected"], s.Names(first.Value.Call.Id));
    }

    [Fact]
    public void It_is_not_used_before_it_is_answered()
    {
        using var s = new CtiScenario();
        s.Rules.Book.Add("CTRIDalice", "94001", null, true);
        s.Persistent.Create("CTRIDalice", null, null);
        Assert.Null(s.Persistent.TryDeliver("CTRIDalice", "b2bua-1"));
        var dvo = s.Dvo.MakeCall("CTRIDalice", "1000");
        Assert.False(dvo.OnPersistentConnection);
    }

    [Fact]
    public void Resetting_the_active_rd_drops_it_once_no_call_uses_it()
    {
        var (s, pc, leg) = Connected();
        using var _s = s;
        var delivered = s.Persistent.TryDeliver("CTRIDalice", "b2bua-1")!.Value;
        s.Rules.Book.Update("CTRIDalice", "94001", null, active: false);
        Assert.Null(leg.HungUpWith); // still carrying the customer
        Assert.Null(s.Persistent.TryDeliver("CTRIDalice", "b2bua-2"));
        s.Persistent.DeliveredReleased(delivered.Connection, delivered.Call, 200, "BYE");
        Assert.NotNull(leg.HungUpWith);
        Assert.Null(s.Persistent.Of("CTRIDalice"));
        Assert.Equal("PersistentConnectionReleased", s.Names(pc.Id).Last());
    }

    [Fact]
    public void Resetting_the_active_rd_drops_an_idle_one_at_once()
    {
        var (s, _, leg) = Connected();
        using var _s = s;
        s.Rules.Book.Add("CTRIDalice", "94002", null, active: true); // another RD becomes active
        Assert.NotNull(leg.HungUpWith);
        Assert.Null(s.Persistent.Of("CTRIDalice"));
    }

    [Fact]
    public void A_dropped_connection_hangs_up_the_customer_on_it()
    {
        var (s, _, leg) = Connected();
        using var _s = s;
        var orphans = new List<string>();
        s.Persistent.DeliveredCallOrphaned += orphans.Add;
        s.Persistent.TryDeliver("CTRIDalice", "b2bua-7");
        leg.EndByPeer(200, "agent hung up");
        Assert.Equal(["b2bua-7"], orphans);
    }

    [Theory]
    [InlineData("transfer")]
    [InlineData("conference")]
    [InlineData("redirect")]
    [InlineData("hold")]
    public void Consult_transfer_and_join_cannot_be_invoked_on_it(string operation)
    {
        var (s, pc, _) = Connected();
        using var _s = s;
        Assert.Equal("NOT_ALLOWED_ON_PERSISTENT_CONNECTION", Code(() => s.MidCall.Apply(pc.Id, operation, null)));
    }

    [Fact]
    public void Disconnect_on_it_drops_it()
    {
        var (s, pc, leg) = Connected();
        using var _s = s;
        s.MidCall.Apply(pc.Id, "disconnect", null);
        Assert.NotNull(leg.HungUpWith);
        Assert.Null(s.Persistent.Of("CTRIDalice"));
    }
}
