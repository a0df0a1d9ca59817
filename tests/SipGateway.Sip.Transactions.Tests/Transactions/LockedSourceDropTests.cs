using System.Net;
using Microsoft.Extensions.Time.Testing;
using SipGateway.Sip.Message;
using SipGateway.Sip.Security;
using SipGateway.Sip.Transactions.Tests.Support;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

/// <summary>A source locked out for password guessing gets no answer over UDP (issue 24), only once it is locked.</summary>
public class LockedSourceDropTests
{
    private static readonly IPAddress PeerAddress = Peer.Udp.Address.Address;

    private static (TestStack Stack, DigestLockout Lockout) Stack()
    {
        var s = new TestStack();
        var lockout = new DigestLockout(new DigestLockoutOptions(), new FakeTimeProvider());
        s.Layer.DropFromLockedSources(lockout);
        return (s, lockout);
    }

    private static void Lock(DigestLockout lockout)
    {
        for (int i = 0; i < lockout.Options.MaxFailures; i++) lockout.RecordFailure(PeerAddress, "user" + i);
        Assert.True(lockout.IsSourceLocked(PeerAddress));
    }

    [Fact]
    public void New_requests_from_a_locked_udp_source_are_dropped_unanswered()
    {
        var (s, lockout) = Stack();
        s.Receive(TestMessages.Request(SipMethods.Register, branch: "z9hG4bKbefore"));
        Assert.Single(s.User.Requests); // not locked yet: handed to the TU as usual

        Lock(lockout);
        var sentBefore = s.Sender.All.Count;
        s.Receive(TestMessages.Request(SipMethods.Register, branch: "z9hG4bKafter1", callId: "c2"));
        s.Receive(TestMessages.Request(SipMethods.Invite, branch: "z9hG4bKafter2", callId: "c3", body: TestMessages.Sdp));
        s.Receive(TestMessages.Request(SipMethods.Options, branch: "z9hG4bKafter3", callId: "c4"));

        Assert.Single(s.User.Requests);
        Assert.Equal(sentBefore, s.Sender.All.Count); // not even 100 Trying
        Assert.Equal(3, s.Layer.DroppedFromLockedSources);
    }

    [Fact]
    public void Tcp_and_in_dialog_requests_from_a_locked_source_still_reach_the_core()
    {
        var (s, lockout) = Stack();
        Lock(lockout);
        // Over TCP the core answers (403 with its reason); a request inside a dialog keeps a call up going.
        s.Receive(TestMessages.Request(SipMethods.Register, branch: "z9hG4bKtcp", transport: "TCP"), SipTransportKind.Tcp);
        s.Receive(TestMessages.Request(SipMethods.Bye, branch: "z9hG4bKbye", toTag: "our-tag"));
        Assert.Equal(2, s.User.Requests.Count);
        Assert.Equal(0, s.Layer.DroppedFromLockedSources);
    }

    [Fact]
    public void Without_a_lockout_wired_nothing_is_dropped()
    {
        var s = new TestStack();
        s.Receive(TestMessages.Request(SipMethods.Register));
        Assert.Single(s.User.Requests);
        Assert.Equal(0, s.Layer.DroppedFromLockedSources);
    }
}
