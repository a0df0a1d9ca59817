using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>A transaction layer on a virtual clock with a recording sender and TU.</summary>
public sealed class TestStack
{
    public TestStack(SipTimerSettings? settings = null)
    {
        Clock = new VirtualClock();
        Wheel = Clock.CreateWheel();
        Sender = new FakeSender(() => Clock.Now);
        Layer = new SipTransactionLayer(Sender, Wheel, settings);
        User = new RecordingUser();
        Layer.SetUser(User);
    }

    public VirtualClock Clock { get; }
    public TimerWheel Wheel { get; }
    public FakeSender Sender { get; }
    public SipTransactionLayer Layer { get; }
    public RecordingUser User { get; }

    public void Advance(double seconds) => Clock.Advance(TimeSpan.FromSeconds(seconds));

    public void AdvanceTo(double seconds) => Clock.AdvanceTo(TimeSpan.FromSeconds(seconds));

    public void Receive(SipMessage message, SipTransportKind transport = SipTransportKind.Udp) =>
        Layer.Receive(TestMessages.From(message, transport));

    /// <summary>Sends a request of ours and returns the transaction and the request as it went out.</summary>
    public (ClientTransaction Tx, SipRequest Sent) Send(SipRequest request, SipTransportKind transport = SipTransportKind.Udp)
    {
        var tx = Layer.SendRequest(request, Peer.Of(transport));
        return (tx, Sender.Requests(request.Method).Last().Request);
    }
}
