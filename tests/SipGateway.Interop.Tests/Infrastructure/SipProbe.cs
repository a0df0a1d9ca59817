using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>A minimal SIP client over UDP for tests that need to send odd or hand-made messages.</summary>
internal sealed class SipProbe : IDisposable
{
    private readonly UdpClient _udp;
    private readonly IPEndPoint _gateway;

    /// <param name="localAddress">Where the probe sends from (127.0.0.2 plays the GW_IN trunk).</param>
    public SipProbe(int gatewayPort, string localAddress = "127.0.0.1")
    {
        _gateway = new IPEndPoint(IPAddress.Loopback, gatewayPort);
        _udp = new UdpClient(new IPEndPoint(IPAddress.Parse(localAddress), 0));
    }

    public int LocalPort => ((IPEndPoint)_udp.Client.LocalEndPoint!).Port;

    public Task SendAsync(byte[] datagram) => _udp.SendAsync(datagram, _gateway).AsTask();

    public string Options(string callId) =>
        $"OPTIONS sip:127.0.0.1:{_gateway.Port} SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:{LocalPort};branch=z9hG4bK{callId}\r\n" +
        $"Max-Forwards: 70\r\nFrom: <sip:probe@127.0.0.1>;tag={callId}\r\nTo: <sip:127.0.0.1>\r\nCall-ID: {callId}\r\n" +
        "CSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";

    /// <summary>Sends and returns the first response's text, or null if none arrives in time.</summary>
    public async Task<string?> RequestAsync(string message, TimeSpan timeout)
    {
        await SendAsync(Encoding.UTF8.GetBytes(message));
        return await ReceiveAsync(timeout);
    }

    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var r = await _udp.ReceiveAsync(cts.Token);
            return Encoding.UTF8.GetString(r.Buffer);
        }
        catch (OperationCanceledException) { return null; }
    }

    /// <summary>Reads responses until one with this Call-ID arrives (stray answers to earlier garbage are skipped).</summary>
    public async Task<string?> ResponseForAsync(string callId, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var text = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (text is null) return null;
            if (text.Contains("Call-ID: " + callId)) return text;
        }
        return null;
    }

    public static int StatusOf(string? response) =>
        response is not null && response.StartsWith("SIP/2.0 ") && int.TryParse(response.AsSpan(8, 3), out var code) ? code : 0;

    public void Dispose() => _udp.Dispose();
}
