using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Transport;

/// <summary>
/// One TCP connection: frames messages by Content-Length across partial reads and several messages per read
/// (RFC 3261 §18.3), closes the connection when framing is lost, when a started message does not complete in
/// time (RFC 4475 §3.1.2.2; the deadline is absolute from the message's first byte), when an accepted connection
/// sends no first message in time, or when it idles too long. Writes are serialised so messages never interleave.
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

    public TcpSipConnection(Socket socket, SipTransportOptions options, ILogger logger, TimeProvider time, CancellationToken shutdown, bool accepted = false)
    {
        Accepted = accepted;
        _socket = socket;
        _options = options;
        _logger = logger;
        _time = time;
        _shutdown = shutdown;
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
    }

    public IPEndPoint Remote { get; }

    /// <summary>The peer connected to us (as opposed to a connection we opened): it owes us a first message.</summary>
    public bool Accepted { get; }

    public bool IsOpen => _open;

    public async Task RunAsync(Action<SipParseResult, TcpSipConnection> onMessage, Action<bool> onClosed)
    {
        var limits = _options.Limits;
        int maxBuffer = limits.MaxHeaderBytes + limits.MaxBodyBytes + 4;
        var buffer = new byte[8192];
        int start = 0, filled = 0;
        bool stalled = false;
        var openedAt = _time.GetTimestamp();
        long? messageStartedAt = null; // when the first byte of the message still incomplete arrived
        bool spoke = !Accepted;
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
                // A started message must finish within the incomplete-message timeout counted from its first byte; an
                // accepted connection must deliver a first message in time; otherwise an idle connection gets longer.
                var (timeout, why) = filled > start
                    ? (_options.TcpIncompleteMessageTimeout - _time.GetElapsedTime(messageStartedAt ?? openedAt), "a started message was not completed")
                    : (_options.TcpIdleTimeout, "no traffic");
                if (!spoke && _options.TcpFirstMessageTimeout - _time.GetElapsedTime(openedAt) is var first && first < timeout)
                    (timeout, why) = (first, "no first message arrived");
                if (timeout <= TimeSpan.Zero)
                {
                    stalled = filled > start || !spoke;
                    _logger.LogInformation("TCP {Remote}: {What} in time, closing", Remote, why);
                    break;
                }
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
                using var timer = _time.CreateTimer(_ => cts.Cancel(), null, timeout, Timeout.InfiniteTimeSpan);
                int n;
                try
                {
                    n = await _socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!_shutdown.IsCancellationRequested)
                {
                    stalled = filled > start || !spoke;
                    _logger.LogInformation("TCP {Remote}: {What} in time, closing", Remote, why);
                    break;
                }
                if (n == 0) break;
                filled += n;
                bool completed = false;
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
                        completed = spoke = true;
                        onMessage(SipParser.ParseStream(own, limits), this);
                        continue;
                    }
                    completed = spoke = true;
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
                // The clock of a message starts with its first byte (a leftover after a complete message starts now).
                if (filled <= start) messageStartedAt = null;
                else if (messageStartedAt is null || completed) messageStartedAt = _time.GetTimestamp();
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
            // Counted before the socket closes: a peer that sees the close and then reads /health finds it counted.
            onClosed(stalled);
            Close();
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
