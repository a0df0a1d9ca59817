namespace SipGateway.Sip.Bench;

/// <summary>A typical softphone INVITE with SDP (two Vias, Record-Route, PCMU/PCMA/telephone-event).</summary>
internal static class TypicalInvite
{
    public static readonly byte[] Bytes = System.Text.Encoding.ASCII.GetBytes(
        "INVITE sip:1001@127.0.0.1:5060 SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 127.0.0.1:5070;rport;branch=z9hG4bK-524287-1---86aa6dd38424cee1\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.7:5060;branch=z9hG4bK776asdhds;received=10.0.0.7\r\n" +
        "Max-Forwards: 70\r\n" +
        "Record-Route: <sip:127.0.0.1:5080;lr>\r\n" +
        "Contact: <sip:1000@127.0.0.1:5070;transport=udp>\r\n" +
        "To: \"Bob\" <sip:1001@sipgw.local>\r\n" +
        "From: \"Alice Adams\" <sip:1000@sipgw.local>;tag=88741f1c\r\n" +
        "Call-ID: gzK0vdfGjqqhSuekwhNwmg@127.0.0.1\r\n" +
        "CSeq: 2 INVITE\r\n" +
        "Allow: INVITE, ACK, CANCEL, BYE, NOTIFY, REFER, OPTIONS, INFO, UPDATE, PRACK\r\n" +
        "Supported: replaces, timer, 100rel\r\n" +
        "User-Agent: baresip v1.0.0 (x86_64/linux)\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 232\r\n" +
        "\r\n" +
        "v=0\r\n" +
        "o=- 2890844526 2890844526 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "c=IN IP4 127.0.0.1\r\n" +
        "t=0 0\r\n" +
        "m=audio 49170 RTP/AVP 0 8 101\r\n" +
        "a=rtpmap:0 PCMU/8000\r\n" +
        "a=rtpmap:8 PCMA/8000\r\n" +
        "a=rtpmap:101 telephone-event/8000\r\n" +
        "a=fmtp:101 0-16\r\n" +
        "a=ptime:20\r\n" +
        "a=sendrecv\r\n");
}
