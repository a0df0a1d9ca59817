using System.Net;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;
using SipGateway.Sip.Transport;

namespace SipGateway.Sip.Transactions.Tests.Support;

/// <summary>Records every send with the time <paramref name="now"/> reads; can be told to fail.</summary>
public sealed class FakeSender(Func<TimeSpan> now) : ISipMessageSender
{
    private readonly List<SentMessage> _sent = [];

    public static readonly IPEndPoint LocalAddress = new(IPAddress.Parse("10.0.0.1"), 5060);

    public Func<SipMessage, bool>? FailWhen { get; set; }

    public SipEndPoint LocalEndPoint(SipTransportKind transport) => new(transport, LocalAddress);

    public ValueTask<bool> SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken = default)
    {
        if (FailWhen?.Invoke(message) == true) return ValueTask.FromResult(false);
        var copy = SipParser.ParseText(System.Text.Encoding.UTF8.GetString(message.ToBytes()));
        lock (_sent) _sent.Add(new SentMessage(now(), copy, destination));
        return ValueTask.FromResult(true);
    }

    public IReadOnlyList<SentMessage> All { get { lock (_sent) return [.. _sent]; } }

    public List<SentMessage> Requests(string method) =>
        All.Where(s => s.Message is SipRequest r && r.Method == method).ToList();

    public List<SentMessage> Responses(int statusCode) =>
        All.Where(s => s.Message is SipResponse r && r.StatusCode == statusCode).ToList();

    public List<double> RequestTimes(string method) => Requests(method).Select(s => s.Seconds).ToList();

    public List<double> ResponseTimes(int statusCode) => Responses(statusCode).Select(s => s.Seconds).ToList();

    public void Clear() { lock (_sent) _sent.Clear(); }
}
