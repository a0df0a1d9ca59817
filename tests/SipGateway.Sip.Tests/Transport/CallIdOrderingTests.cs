using System.Text;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Tests.Transport;

public class CallIdOrderingTests
{
    private static uint Hash(string message) => CallIdOrdering.CallIdHash(Encoding.ASCII.GetBytes(message));

    private const string Bye = "BYE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bK1\r\nCSeq: 2 BYE\r\n";

    [Fact]
    public void The_long_and_compact_forms_any_case_and_spacing_hash_alike()
    {
        uint expected = Hash(Bye + "Call-ID: abc123@host\r\n\r\n");
        Assert.Equal(expected, Hash(Bye + "call-id:abc123@host\r\n\r\n"));
        Assert.Equal(expected, Hash(Bye + "i: abc123@host \r\n\r\n"));
        Assert.Equal(expected, Hash(Bye + "CALL-ID \t: abc123@host\n\n"));
        Assert.Equal(expected, Hash("SIP/2.0 200 OK\r\nCall-ID: abc123@host\r\nContent-Length: 0\r\n\r\n"));
    }

    [Fact]
    public void Different_Call_IDs_spread_and_the_body_is_never_read()
    {
        var hashes = Enumerable.Range(0, 1000).Select(i => Hash(Bye + $"Call-ID: {i}-4242@127.0.0.2\r\n\r\n") % 4096).ToHashSet();
        Assert.True(hashes.Count > 800, $"{hashes.Count} stripes for 1000 Call-IDs");
        // A Call-ID-looking line in the body is not a header; no Call-ID at all hashes to 0.
        Assert.Equal(0u, Hash(Bye + "Content-Length: 12\r\n\r\nCall-ID: x\r\n"));
        Assert.Equal(0u, Hash(Bye));
        Assert.Equal(0u, Hash(""));
    }

    private static byte[] Info(string callId, int cseq) =>
        Encoding.ASCII.GetBytes($"INFO sip:a@b SIP/2.0\r\nCall-ID: {callId}\r\nCSeq: {cseq} INFO\r\n\r\n");

    private static readonly System.Net.IPEndPoint Peer = new(System.Net.IPAddress.Loopback, 5060);

    [Fact]
    public void A_datagram_arriving_while_its_call_is_processed_waits_its_turn_and_other_calls_go_ahead()
    {
        var ordering = new CallIdOrdering();
        var order = new List<string>();
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        void Process(byte[] datagram, System.Net.IPEndPoint from)
        {
            var text = Encoding.ASCII.GetString(datagram);
            var label = text[(text.IndexOf("Call-ID: ") + 9)..text.IndexOf("\r\nCSeq")] + "/" + text[(text.IndexOf("CSeq: ") + 6)..text.IndexOf(" INFO\r\n\r\n")];
            lock (order) order.Add(label);
            if (label == "call-1/2")
            {
                firstStarted.Set();
                Assert.True(releaseFirst.Wait(TimeSpan.FromSeconds(10)));
            }
        }

        // A receiving thread is busy with call-1's CSeq 2 ...
        var first = Task.Run(() => ordering.Process(Info("call-1", 2), Peer, Process));
        Assert.True(firstStarted.Wait(TimeSpan.FromSeconds(10)));
        // ... when its CSeq 3 and 4 arrive on another thread: queued behind it, this thread returns at once.
        ordering.Process(Info("call-1", 3), Peer, Process);
        ordering.Process(Info("call-1", 4), Peer, Process);
        // Another call is not held up.
        ordering.Process(Info("call-2", 7), Peer, Process);
        lock (order) Assert.Equal(["call-1/2", "call-2/7"], order);

        releaseFirst.Set();
        Assert.True(first.Wait(TimeSpan.FromSeconds(10)));
        Assert.Equal(["call-1/2", "call-2/7", "call-1/3", "call-1/4"], order);

        // The stripe is free again: the next datagram of call-1 is processed on the calling thread.
        ordering.Process(Info("call-1", 5), Peer, Process);
        Assert.Equal("call-1/5", order[^1]);
    }
}
