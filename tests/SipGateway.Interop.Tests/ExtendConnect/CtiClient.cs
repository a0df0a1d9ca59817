using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.ExtendConnect;

/// <summary>A CTI application talking to the gateway's /cti API with its bearer key, reading the SSE event stream.</summary>
internal sealed class CtiClient : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly List<JsonElement> _events = [];
    private CancellationTokenSource? _streamCts;
    private Task? _reader;

    public CtiClient(GatewayProcess gw, string key)
    {
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{gw.HttpPort}"), Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = await _http.SendAsync(request, cts.Token);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public Task<(int Status, JsonElement Body)> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body);

    /// <summary>Opens GET /cti/events and collects every event in the background; returns once the stream is open.</summary>
    public async Task ConnectEventsAsync()
    {
        _streamCts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var response = await _http.GetAsync("/cti/events", HttpCompletionOption.ResponseHeadersRead, _streamCts.Token);
        response.EnsureSuccessStatusCode();
        var stream = await response.Content.ReadAsStreamAsync(_streamCts.Token);
        var reader = new StreamReader(stream);
        var first = await reader.ReadLineAsync(_streamCts.Token); // ": connected"
        if (first is null || !first.StartsWith(':')) throw new InvalidOperationException("unexpected event stream start: " + first);
        _reader = Task.Run(async () =>
        {
            try
            {
                while (await reader.ReadLineAsync(_streamCts.Token) is { } line)
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                        lock (_events) _events.Add(JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
            }
            catch (OperationCanceledException) { }
            catch (IOException) { }
            finally { response.Dispose(); }
        });
    }

    /// <summary>Closes the event stream (the gateway counts that as this client disconnecting).</summary>
    public async Task DisconnectEventsAsync()
    {
        _streamCts?.Cancel();
        if (_reader is not null) await _reader;
    }

    public IReadOnlyList<JsonElement> Events { get { lock (_events) return [.. _events]; } }

    public IReadOnlyList<string> EventNames(string? callId = null) =>
        Events.Where(e => callId is null || e.TryGetProperty("callId", out var c) && c.GetString() == callId)
            .Select(e => e.GetProperty("event").GetString()!).ToList();

    public async Task<JsonElement> WaitForEventAsync(string name, string? callId = null, TimeSpan? timeout = null)
    {
        JsonElement found = default;
        bool ok = await Poll.UntilAsync(() =>
        {
            foreach (var e in Events)
                if (e.GetProperty("event").GetString() == name && (callId is null || e.TryGetProperty("callId", out var c) && c.GetString() == callId))
                {
                    found = e;
                    return Task.FromResult(true);
                }
            return Task.FromResult(false);
        }, timeout ?? TimeSpan.FromSeconds(15), 50);
        if (!ok) throw new TimeoutException($"no {name} event{(callId is null ? "" : " for " + callId)}; got: {string.Join(", ", Events.Select(e => e.ToString()))}");
        return found;
    }

    public async ValueTask DisposeAsync()
    {
        await DisconnectEventsAsync();
        _http.Dispose();
    }
}
