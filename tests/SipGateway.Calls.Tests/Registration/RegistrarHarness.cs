using System.Net;
using SipGateway.Calls.Registration;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Tests.Registration;

/// <summary>A registrar on a manual clock, and a phone-side view that answers its challenges with <see cref="DigestClient"/>.</summary>
internal sealed class RegistrarHarness
{
    public static readonly SipEndPoint PhoneSource = new(SipTransportKind.Udp, IPEndPoint.Parse("192.0.2.10:5062"));

    public ManualClock Clock { get; } = new();
    public Registrar Registrar { get; }
    public DeviceCredentialList Devices { get; }

    public RegistrarHarness(RegistrarOptions? options = null, params DeviceCredential[] devices)
    {
        Devices = new DeviceCredentialList(devices.Length > 0 ? devices : DefaultDevices);
        Registrar = Registrar.Create(options ?? new RegistrarOptions { Realm = "sipgw.local" }, Devices, Clock);
    }

    public static readonly DeviceCredential[] DefaultDevices =
    [
        new("SEP0011AABBCC01", "alice", "alicepw", ["1000", "1001"]),
        new("SEP0011AABBCC02", "bob", "bobpw", ["2000", "1000"]),
    ];

    public static SipRequest Parse(string text) => (SipRequest)SipParser.ParseText(text);

    public static SipRequest Data(string relative) =>
        (SipRequest)SipParser.ParseDatagram(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", relative))).Message!;

    /// <summary>A REGISTER for <paramref name="aorUser"/> with the given extra header lines (Contact, Expires, ...).</summary>
    public static SipRequest Register(string aorUser, uint cseq, string callId = "call-1", params string[] headers) => Parse(
        "REGISTER sip:sipgw.local SIP/2.0\r\n" +
        $"Via: SIP/2.0/UDP 10.0.0.5:5062;branch=z9hG4bK-{callId}-{cseq};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{aorUser}@sipgw.local>;tag=ft{cseq}\r\n" +
        $"To: <sip:{aorUser}@sipgw.local>\r\n" +
        $"Call-ID: {callId}\r\n" +
        $"CSeq: {cseq} REGISTER\r\n" +
        "User-Agent: TestPhone/1.0\r\n" +
        string.Concat(headers.Select(h => h + "\r\n")) +
        "Content-Length: 0\r\n\r\n");

    public SipResponse Send(SipRequest request, SipEndPoint? source = null) => Registrar.HandleRegister(request, source ?? PhoneSource);

    /// <summary>
    /// What a phone does: send without credentials, take the 401, send again with credentials and CSeq + 1.
    /// Returns the 401 and the final response.
    /// </summary>
    public (SipResponse Challenge, SipResponse Final) SendAuthenticated(SipRequest request, DigestClient client, SipEndPoint? source = null)
    {
        var challenge = Send(request, source);
        Assert.Equal(401, challenge.StatusCode);
        var retry = Copy(request, cseqDelta: 1);
        Assert.True(client.TryAuthorize(retry, challenge));
        return (challenge, Send(retry, source));
    }

    /// <summary>The request again (a new transaction), its CSeq moved by <paramref name="cseqDelta"/>.</summary>
    public static SipRequest Copy(SipRequest request, int cseqDelta = 0)
    {
        var copy = (SipRequest)SipParser.ParseText(request.ToString());
        var cseq = copy.CSeq!.Value;
        copy.Headers.Set(HeaderId.CSeq, $"{cseq.Number + cseqDelta} {cseq.Method}");
        return copy;
    }

    public static List<NameAddress> Contacts(SipResponse response) =>
        response.Headers.GetValues(HeaderId.Contact).Select(NameAddress.Parse).ToList();

    public static int ExpiresOf(SipResponse response, string uri) =>
        int.Parse(Contacts(response).Single(c => c.Uri.ToString() == uri).Parameters.Get("expires")!);
}
