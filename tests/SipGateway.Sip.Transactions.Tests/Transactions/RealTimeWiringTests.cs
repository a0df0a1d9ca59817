using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions.Tests.Support;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Transactions;

/// <summary>The stack wired as a host wires it: system clock, wheel, real driver. Short T1 keeps it fast.</summary>
public class RealTimeWiringTests
{
    [Fact]
    public async Task Host_wiring_retransmits_and_times_out_in_real_time()
    {
        var clock = new RealClock();
        var wheel = new TimerWheel(clock.Time);
        await using var driver = new TimerWheelDriver(wheel);
        var sender = new FakeSender(() => clock.Now);
        var settings = new SipTimerSettings { T1 = TimeSpan.FromMilliseconds(10), T2 = TimeSpan.FromMilliseconds(40), T4 = TimeSpan.FromMilliseconds(50) };
        var layer = new SipTransactionLayer(sender, wheel, settings);
        var user = new RecordingDialogUser();
        var router = new DialogRouter(layer, user);
        ISipMessageReceiver receiver = layer; // what SipTransportListener.Start takes
        driver.Start();

        var tx = router.SendRequest(TestMessages.Outgoing(SipMethods.Options), Peer.Udp);
        var final = await tx.FinalResponse.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(408, final.StatusCode);
        // The exact schedule is asserted on the virtual clock; in real time on a loaded 2-core machine the driver may
        // run late, so only require that retransmission happened at all before Timer F.
        Assert.True(sender.Requests(SipMethods.Options).Count >= 2);
        Assert.True(clock.Now >= settings.SixtyFourT1);

        // An incoming OPTIONS through the receiver interface reaches the dialog user and is answered.
        user.Answer = (t, _) => t.SendResponse(t.CreateResponse(200));
        receiver.Receive(TestMessages.From(TestMessages.Request(SipMethods.Options)));
        Assert.Single(sender.Responses(200));
        await driver.StopAsync();
    }
}
