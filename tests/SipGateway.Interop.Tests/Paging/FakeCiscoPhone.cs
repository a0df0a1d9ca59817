using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>
/// A Cisco phone's web server as the paging server sees it: accepts HTTP POST /CGI/Execute inside the test's network
/// namespace, records the Authorization header and the decoded XML form field of each request, and answers with a
/// CiscoIPPhoneResponse (or 401 when the credentials are wrong). One request per connection (Connection: close).
/// </summary>
internal sealed class FakeCiscoPhone : IDisposable
{
    private readonly Socket _listener;
    private readonly List<(string Path, string? Authorization, string Xml)> _requests = [];
    private readonly string _expectedAuthorization;
    private readonly CancellationTokenSource _stop = new();

    public FakeCiscoPhone(Infrastructure.NetworkNamespace ns, string user, string password)
    {
        _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        _listener = ns.Socket(SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(16);
        _ = AcceptLoopAsync();
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");

    public IReadOnlyList<(string Path, string? Authorization, string Xml)> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try { client = await _listener.AcceptAsync(_stop.Token); }
            catch (Exception) { return; }
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var _ = client;
        using var stream = new NetworkStream(client);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var data = new List<byte>();
        var buffer = new byte[4096];
        int headerEnd = -1, contentLength = 0;
        try
        {
            while (true)
            {
                int n = await stream.ReadAsync(buffer, timeout.Token);
                if (n == 0) return;
                data.AddRange(buffer.AsSpan(0, n).ToArray());
                if (headerEnd < 0)
                {
                    var text = Encoding.ASCII.GetString(data.ToArray());
                    headerEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                    if (headerEnd >= 0)
                    {
                        var cl = text[..headerEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                        contentLength = cl is null ? 0 : int.Parse(cl["Content-Length:".Length..].Trim());
                    }
                }
                if (headerEnd >= 0 && data.Count >= headerEnd + 4 + contentLength) break;
            }
            var all = Encoding.UTF8.GetString(data.ToArray());
            var lines = all[..headerEnd].Split("\r\n");
            var path = lines[0].Split(' ')[1];
            var auth = lines.FirstOrDefault(l => l.StartsWith("Authorization:", StringComparison.OrdinalIgnoreCase))?["Authorization:".Length..].Trim();
            var body = all.Substring(headerEnd + 4, contentLength);
            var xml = body.Split('&').Select(p => p.Split('=', 2)).Where(p => p[0] == "XML")
                .Select(p => WebUtility.UrlDecode(p[1])).FirstOrDefault() ?? "";
            lock (_requests) _requests.Add((path, auth, xml));
            var ok = auth == _expectedAuthorization;
            var reply = ok
                ? "<CiscoIPPhoneResponse><ResponseItem Status=\"0\" Data=\"Success\" URL=\"\"/></CiscoIPPhoneResponse>"
                : "<CiscoIPPhoneError Number=\"4\"/>";
            var response = $"HTTP/1.1 {(ok ? "200 OK" : "401 Unauthorized")}\r\nContent-Type: text/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(reply)}\r\nConnection: close\r\n\r\n{reply}";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(response), timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException) { }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
    }
}
