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

    [Fact]
    public void Datagrams_of_one_call_share_a_lock_and_other_calls_mostly_do_not()
    {
        var ordering = new CallIdOrdering();
        byte[] Message(string callId, int cseq) => Encoding.ASCII.GetBytes(
            $"INFO sip:a@b SIP/2.0\r\nCall-ID: {callId}\r\nCSeq: {cseq} INFO\r\n\r\n");
        Assert.Same(ordering.LockFor(Message("call-1", 2)), ordering.LockFor(Message("call-1", 3)));
        int shared = Enumerable.Range(2, 200).Count(i => ReferenceEquals(ordering.LockFor(Message("call-1", 2)), ordering.LockFor(Message($"call-{i}", 2))));
        Assert.True(shared < 5, $"{shared} of 200 other calls share call-1's lock");
    }
}
