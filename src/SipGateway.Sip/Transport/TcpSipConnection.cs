using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Transport;

/// <summary>
/// One TCP connection: frames messages by Content-Length across partial reads and several messages per read
/// (RFC 3261 §18.3), closes the connection when framing is lost, when a started message does not complete in
/// time (RFC 4475 §3.1.2.2), or when it idles too long. Writes are serialised so messages never interleave.
/// </summary>
internal sealed class TcpSipConnection
{
    private readonly Socket _socket;
    private readonly SipTransportOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationToken _shutdown;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private volatile bool _open = true;

    public TcpSipConnection(Socket socket, SipTransportOptions options, ILogger logger, TimeProvider time, CancellationToken shutdown)
    {
        _socket = socket;
        _options = options;
        _logger = logger;
        _time = time;
        _shutdown = shutdown;
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint Remote { get; }

    public bool IsOpen => _open;

    public async Task RunAsync(Action<SipParseResult, TcpSipConnection> onMessage, Action<bool> onClosed)
    {
        var limits = _options.Limits;
        int maxBuffer = limits.MaxHeaderBytes + limits.MaxBodyBytes + 4;
        var buffer = new byte[8192];
        int start = 0, filled = 0;
        bool stalled = false;
        try
        {
            while (_open && !_shutdown.IsCancellationRequested)
            {
                if (start == filled) start = filled = 0;
                if (filled == buffer.Length)
                {
                    if (start > 0)
                    {
                        Buffer.BlockCopy(buffer, start, buffer, 0, filled - start);
                        filled -= start;
                        start = 0;
                    }
                    else if (buffer.Length < maxBuffer) Array.Resize(ref buffer, Math.Min(buffer.Length * 2, maxBuffer));
                    else { _logger.LogWarning("TCP {Remote}: message larger than {Max} bytes, closing", Remote, maxBuffer); break; }
                }
                // A started message must finish within the incomplete-message timeout; an idle connection gets longer.
                var timeout = filled > start ? _options.TcpIncompleteMessageTimeout : _options.TcpIdleTimeout;
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
                using var timer = _time.CreateTimer(_ => cts.Cancel(), null, timeout, Timeout.InfiniteTimeSpan);
                int n;
                try
                {
                    n = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
                {
                    stalled = filled > start;
                    _logger.LogInformation("TCP {Remote}: {What} for {Timeout}, closing", Remote,
                        stalled ? "message left incomplete" : "idle", timeout);
                    break;
                }
                if (n == 0) break;
                filled += n;
                while (start < filled)
                {
                    var result = SipParser.ParseStream(buffer.AsMemory(start, filled - start), limits);
                    if (result.Status == SipParseStatus.NeedMoreData)
                    {
                        start += result.Consumed; // keep-alive CRLFs
                        break;
                    }
                    if (result.Status == SipParseStatus.Ok)
                    {
                        // The message keeps a reference to its bytes: give it its own copy, the buffer is reused.
                        var own = buffer.AsSpan(start, result.Consumed).ToArray();
                        start += result.Consumed;
                        onMessage(SipParser.ParseStream(own, limits), this);
                        continue;
                    }
                    onMessage(result, this);
                    if (result.FramingLost)
                    {
                        _logger.LogInformation("TCP {Remote}: framing lost ({Error}), closing", Remote, result.Error);
                        await Task.Delay(50, _shutdown).ConfigureAwait(false); // let a 400 go out first
                        _open = false;
                        break;
                    }
                    start += Math.Max(result.Consumed, 1);
                }
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            _logger.LogDebug("TCP {Remote} closed: {Error}", Remote, ex.Message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "TCP {Remote}: unexpected error, closing", Remote);
        }
        finally
        {
            Close();
            onClosed(stalled);
        }
    }

    public async ValueTask<bool> SendAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        if (!_open) return false;
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            int sent = 0;
            while (sent < bytes.Length)
                sent += await _socket.SendAsync(bytes.AsMemory(sent), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            return true;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public void Close()
    {
        _open = false;
        try { _socket.Shutdown(SocketShutdown.Both); } catch (Exception) { /* already gone */ }
        _socket.Dispose();
    }
}
