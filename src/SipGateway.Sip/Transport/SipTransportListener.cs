using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using SipGateway.Sip.Core;
using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Transport;

/// <summary>
/// UDP and TCP on one address and port (RFC 3261 §18). Every received message goes through
/// <see cref="SipReceiveDecision"/>: malformed requests are answered statelessly (400/416/420/501/505 ...),
/// unparseable responses dropped and logged, and valid messages handed to the <see cref="ISipMessageReceiver"/>.
/// A bad message never ends a receive loop.
/// </summary>
public sealed class SipTransportListener : ISipMessageSender, IAsyncDisposable
{
    private readonly SipTransportOptions _options;
    private readonly UasCapabilities _capabilities;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<IPEndPoint, TcpSipConnection> _tcp = new();
    /// <summary>Accepted connections per source address, for <see cref="SipTransportOptions.MaxTcpConnectionsPerSource"/>.</summary>
    private readonly ConcurrentDictionary<IPAddress, int> _tcpPerSource = new();
    private long _refusedSinceLog, _lastRefusalLog = long.MinValue;
    private readonly List<Task> _loops = [];
    private Socket? _udp;
    private Socket? _tcpListener;
    private ISipMessageReceiver? _receiver;
    private IPEndPoint _bound = new(IPAddress.Loopback, 0);
    private CallIdOrdering? _ordering;
    private SipEndPoint _udpLocal;

    public SipTransportListener(SipTransportOptions options, UasCapabilities capabilities, ILogger logger, TimeProvider? time = null)
    {
        _options = options;
        _capabilities = capabilities;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    public SipTransportCounters Counters { get; } = new();

    public IPEndPoint BoundEndPoint => _bound;

    public int OpenTcpConnections => _tcp.Count;

    public SipEndPoint LocalEndPoint(SipTransportKind transport)
    {
        var address = _options.PublicAddress is { Length: > 0 } pub && IPAddress.TryParse(pub, out var p) ? p : _bound.Address;
        return new SipEndPoint(transport, new IPEndPoint(address, _bound.Port));
    }

    /// <summary>Binds UDP and TCP to the same port (retrying a few times when port 0 gives a UDP port whose TCP twin is taken) and starts receiving.</summary>
    public void Start(ISipMessageReceiver receiver)
    {
        _receiver = receiver;
        var address = IPAddress.Parse(_options.Address);
        for (int attempt = 0; ; attempt++)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                udp.ReceiveBufferSize = 4 * 1024 * 1024;
                udp.Bind(new IPEndPoint(address, _options.Port));
                var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
                tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                tcp.Bind(new IPEndPoint(address, port));
                tcp.Listen(512);
                _udp = udp;
                _tcpListener = tcp;
                _bound = new IPEndPoint(address, port);
                break;
            }
            catch (SocketException) when (_options.Port == 0 && attempt < 20)
            {
                udp.Dispose();
                tcp.Dispose();
            }
            catch
            {
                udp.Dispose();
                tcp.Dispose();
                throw;
            }
        }
        // One thread keeps arrival order by itself; several keep it per Call-ID.
        if (_options.UdpReceiveThreads > 1) _ordering = new CallIdOrdering();
        _udpLocal = new SipEndPoint(SipTransportKind.Udp, _bound);
        for (int i = 0; i < Math.Max(1, _options.UdpReceiveThreads); i++) _loops.Add(StartUdpReceiveThread(i));
        _loops.Add(Task.Run(TcpAcceptLoop));
        _logger.LogInformation("SIP listening on {Address} (UDP and TCP)", _bound);
    }

    /// <summary>
    /// UDP is received on a dedicated thread with blocking receives at the media threads' priority
    /// (<see cref="ReceiveThreadPriority"/>), not an async loop on the thread pool: every call starts and stops two RTP
    /// receive threads at nice -10 from this path, and each of those preempted a normal-priority pool thread and left
    /// it queued behind whatever else the box was running. Measured with bench/SipGateway.Calls.Bench (perf
    /// sched_switch): the async loop spent 69 % of its time off-CPU at 500 calls/s, and the socket's receive queue
    /// filled (datagrams dropped) at 800. The returned task completes when the thread ends.
    /// </summary>
    private Task StartUdpReceiveThread(int index)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Wakes a blocked receive at least this often so the thread sees a stop even if closing did not wake it.
        _udp!.ReceiveTimeout = 1000;
        var thread = new Thread(() =>
        {
            try { UdpReceiveLoop(); }
            finally { done.TrySetResult(); }
        })
        {
            IsBackground = true,
            Name = $"sip-udp-{index}",
        };
        thread.Start();
        return done.Task;
    }

    private void UdpReceiveLoop()
    {
        ReceiveThreadPriority.TryRaiseCurrentThread();
        var buffer = new byte[65536];
        var any = new IPEndPoint(_bound.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        Action<byte[], IPEndPoint> process = ProcessDatagram;
        while (!_stop.IsCancellationRequested)
        {
            int received;
            EndPoint from = any;
            try
            {
                received = _udp!.ReceiveFrom(buffer, SocketFlags.None, ref from);
            }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex)
            {
                if (_stop.IsCancellationRequested) break;
                // Timeouts let the loop check for a stop; ICMP errors concern one peer, not the listener.
                if (ex.SocketErrorCode is not (SocketError.TimedOut or SocketError.WouldBlock))
                    _logger.LogDebug("UDP receive error {Error}", ex.SocketErrorCode);
                continue;
            }
            var datagram = buffer.AsSpan(0, received).ToArray();
            if (_ordering is { } ordering) ordering.Process(datagram, (IPEndPoint)from, process);
            else process(datagram, (IPEndPoint)from);
        }
    }

    private void ProcessDatagram(byte[] datagram, IPEndPoint from)
    {
        var remote = new SipEndPoint(SipTransportKind.Udp, from);
        try
        {
            Handle(SipParser.ParseDatagram(datagram, _options.Limits), remote, _udpLocal, null);
        }
        catch (Exception ex)
        {
            Interlocked.Increment(ref Counters.dropped);
            _logger.LogError(ex, "Failed to process a datagram from {Remote}", remote);
        }
    }

    private async Task TcpAcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _tcpListener!.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { break; }
            catch (ObjectDisposedException) { break; }
            catch (SocketException ex)
            {
                _logger.LogWarning("TCP accept failed: {Error}", ex.SocketErrorCode);
                continue;
            }
            if (_tcp.Count >= _options.MaxTcpConnections)
            {
                _logger.LogWarning("Refusing TCP connection from {Remote}: {Max} connections open", client.RemoteEndPoint, _options.MaxTcpConnections);
                client.Dispose();
                continue;
            }
            var source = client.RemoteEndPoint is IPEndPoint r ? r.Address : null;
            bool counted = source is not null && _options.MaxTcpConnectionsPerSource > 0 && !_options.TcpLimitExempt.Contains(source);
            if (counted && _tcpPerSource.AddOrUpdate(source!, 1, (_, n) => n + 1) > _options.MaxTcpConnectionsPerSource)
            {
                ReleaseSourceSlot(source!);
                Interlocked.Increment(ref Counters.tcpRefusedPerSource);
                LogPerSourceRefusal(source!);
                client.Dispose();
                continue;
            }
            Interlocked.Increment(ref Counters.tcpAccepted);
            StartConnection(client, accepted: true, counted ? source : null);
        }
    }

    private void ReleaseSourceSlot(IPAddress source)
    {
        // Remove the entry when it drops to zero, so the table holds only sources with open connections.
        while (_tcpPerSource.TryGetValue(source, out var n))
        {
            if (n <= 1 ? _tcpPerSource.TryRemove(new KeyValuePair<IPAddress, int>(source, n)) : _tcpPerSource.TryUpdate(source, n - 1, n)) return;
        }
    }

    /// <summary>One line per 10 s at most: a flood of connections must not become a flood of log lines.</summary>
    private void LogPerSourceRefusal(IPAddress source)
    {
        var refused = Interlocked.Increment(ref _refusedSinceLog);
        var now = _time.GetTimestamp();
        var last = Interlocked.Read(ref _lastRefusalLog);
        if (last != long.MinValue && _time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(10)) return;
        if (Interlocked.CompareExchange(ref _lastRefusalLog, now, last) != last) return;
        Interlocked.Add(ref _refusedSinceLog, -refused);
        _logger.LogWarning("Security: refused {Count} TCP connection(s) over the limit of {Max} per source address (latest from {Source}; Security:Tcp:MaxConnectionsPerSource)",
            refused, _options.MaxTcpConnectionsPerSource, source);
    }

    private TcpSipConnection StartConnection(Socket socket, bool accepted, IPAddress? countedSource = null)
    {
        socket.NoDelay = true;
        var connection = new TcpSipConnection(socket, _options, _logger, _time, _stop.Token, accepted);
        _tcp[connection.Remote] = connection;
        var local = new SipEndPoint(SipTransportKind.Tcp, _bound);
        _ = connection.RunAsync(
            (result, conn) => Handle(result, new SipEndPoint(SipTransportKind.Tcp, conn.Remote), local, conn),
            stalled =>
            {
                if (stalled) Interlocked.Increment(ref Counters.tcpClosedStalled);
                if (countedSource is not null) ReleaseSourceSlot(countedSource);
                _tcp.TryRemove(new KeyValuePair<IPEndPoint, TcpSipConnection>(connection.Remote, connection));
            });
        return connection;
    }

    private void Handle(SipParseResult parsed, SipEndPoint remote, SipEndPoint local, TcpSipConnection? connection)
    {
        Interlocked.Increment(ref Counters.received);
        var decision = SipReceiveDecision.Decide(parsed, _capabilities);
        switch (decision.Action)
        {
            case SipReceiveAction.DeliverRequest:
                var request = (SipRequest)decision.Message!;
                ViaReceivedStamp.Apply(request, remote.Address, _options.ForceRport && remote.Transport == SipTransportKind.Udp);
                Deliver(new IncomingSipMessage(request, remote, local));
                break;
            case SipReceiveAction.DeliverResponse:
                Deliver(new IncomingSipMessage(decision.Message!, remote, local));
                break;
            case SipReceiveAction.Respond:
                Interlocked.Increment(ref Counters.answeredStatelessly);
                _logger.LogInformation("Answering {Status} to {Remote}: {Reason}", decision.Response!.StatusCode, remote, decision.Reason);
                var destination = remote.Transport == SipTransportKind.Udp
                    ? new SipEndPoint(SipTransportKind.Udp, remote.Address)
                    : remote;
                _ = SendAsync(decision.Response, destination);
                break;
            default:
                Interlocked.Increment(ref Counters.dropped);
                _logger.LogInformation("Dropped a message from {Remote}: {Reason}", remote, decision.Reason);
                break;
        }
    }

    private void Deliver(IncomingSipMessage message)
    {
        Interlocked.Increment(ref Counters.delivered);
        try
        {
            _receiver!.Receive(message);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "The transaction layer failed on a message from {Remote}", message.Remote);
        }
    }

    public async ValueTask<bool> SendAsync(SipMessage message, SipEndPoint destination, CancellationToken cancellationToken = default)
    {
        try
        {
            var bytes = SipSerializer.Serialize(message);
            if (destination.Transport == SipTransportKind.Udp)
            {
                // Synchronous: a UDP send does not wait for the peer. It also keeps the socket in blocking mode for
                // the receive thread: one async call would switch .NET to emulated blocking receives through the
                // epoll thread (one more thread hop per datagram).
                cancellationToken.ThrowIfCancellationRequested();
                _udp!.SendTo(bytes, SocketFlags.None, destination.Address);
                return true;
            }
            var connection = await GetOrConnectAsync(destination.Address, cancellationToken).ConfigureAwait(false);
            return connection is not null && await connection.SendAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            Interlocked.Increment(ref Counters.sendFailures);
            _logger.LogWarning("Send to {Destination} failed: {Error}", destination, ex.Message);
            return false;
        }
    }

    private async ValueTask<TcpSipConnection?> GetOrConnectAsync(IPEndPoint remote, CancellationToken cancellationToken)
    {
        if (_tcp.TryGetValue(remote, out var existing) && existing.IsOpen) return existing;
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        timeout.CancelAfter(_options.TcpConnectTimeout);
        try
        {
            await socket.ConnectAsync(remote, timeout.Token).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return StartConnection(socket, accepted: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        // shutdown(2) wakes the receive thread blocked in recvfrom (close alone does not on Linux); ENOTCONN is expected.
        try { _udp?.Shutdown(SocketShutdown.Receive); } catch (SocketException) { } catch (ObjectDisposedException) { }
        _udp?.Dispose();
        _tcpListener?.Dispose();
        foreach (var c in _tcp.Values) c.Close();
        try { await Task.WhenAll(_loops).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (Exception) { /* loops end on disposal; nothing more to do */ }
        _stop.Dispose();
    }
}
