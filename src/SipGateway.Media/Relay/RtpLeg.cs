using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Events;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Relay;

/// <summary>
/// One anchored call leg: the gateway's RTP/RTCP sockets facing one peer.
/// Symmetric RTP (RFC 4961): we send to the address packets arrive from. The destination from SDP is used
/// until the first RTP packet arrives; that packet's source is latched (NAT or a media server answering from
/// another address), and packets from any other source are then dropped until <see cref="SetRemote"/> reopens
/// latching after a re-INVITE. Everything sent to the peer passes through <see cref="Outbound"/>, so relayed
/// audio, announcements and tones form one continuous stream (one SSRC, contiguous sequence numbers).
/// </summary>
public sealed partial class RtpLeg : IRtpSink, IDisposable
{
    private readonly object _gate = new();
    private readonly RtpSocketPair _sockets;
    private readonly CancellationTokenSource _cts = new();
    private readonly RtpReceiveStatistics _receiveStatistics = new();
    private SocketAddress? _remote;
    private IPEndPoint? _remoteEndPoint;
    private SocketAddress? _rtcpRemote;
    private bool _latched;
    private bool _latchingEnabled = true;
    private long _packetsSent, _octetsSent, _packetsReceived, _packetsDropped;
    private Timer? _rtcpTimer;
    private RtcpPacket? _lastReport;

    public RtpLeg(RtpSocketPair sockets, IPEndPoint? signalledRemote = null, RtpStreamRewriter? outbound = null)
    {
        _sockets = sockets;
        Outbound = outbound ?? new RtpStreamRewriter();
        TelephoneEvents.DigitEnded += OnDigitEnded;
        if (signalledRemote != null) SetRemote(signalledRemote);
    }

    /// <summary>Whether <see cref="Dispose"/> returns at once (legs on the shared receive threads, the default on
    /// x86-64 Linux) rather than waiting for a receive thread of the leg's own.</summary>
    public static bool ClosesWithoutWaiting => RtpReceiveReactor.Shared is not null;

    public IPEndPoint LocalEndPoint => _sockets.RtpEndPoint;
    public int LocalPort => _sockets.Port;

    /// <summary>Where received packets are forwarded (the other leg, a multicast group, a mixer input); null drops them.</summary>
    public IRtpSink? Forward { get; set; }

    /// <summary>Rewrites everything this leg sends into one stream (its SSRC is this leg's SSRC toward the peer).</summary>
    public RtpStreamRewriter Outbound { get; }

    /// <summary>Negotiated telephone-event payload type (SDP), the same number both ways; received events are decoded
    /// and forwarded (see <see cref="ForwardTelephoneEvents"/>), renumbered to the destination leg's value.</summary>
    public int TelephoneEventPayloadType { get; set; } = RtpPayloadTypes.DefaultTelephoneEvent;

    public TelephoneEventReceiver TelephoneEvents { get; } = new();

    /// <summary>When false, the signalled address is used and never replaced (a trusted trunk).</summary>
    public bool LatchingEnabled
    {
        get { lock (_gate) return _latchingEnabled; }
        set { lock (_gate) _latchingEnabled = value; }
    }

    public IPEndPoint? Remote { get { lock (_gate) return _remoteEndPoint; } }
    public bool IsLatched { get { lock (_gate) return _latched; } }
    public long PacketsSent => Interlocked.Read(ref _packetsSent);
    public long PacketsReceived => Interlocked.Read(ref _packetsReceived);
    /// <summary>Packets dropped because they came from an address other than the latched one, or were not RTP.</summary>
    public long PacketsDropped => Interlocked.Read(ref _packetsDropped);
    /// <summary>The last SR or RR the peer sent on the RTCP port.</summary>
    public RtcpPacket? LastReceivedReport { get { lock (_gate) return _lastReport; } }

    /// <summary>Sets the peer's address from SDP (initial offer/answer or a re-INVITE) and allows a new latch.</summary>
    public void SetRemote(IPEndPoint remote)
    {
        lock (_gate)
        {
            _remoteEndPoint = remote;
            _remote = remote.Serialize();
            _rtcpRemote = new IPEndPoint(remote.Address, remote.Port + 1).Serialize();
            _latched = false;
        }
    }

    /// <summary>Starts receiving (RTP and RTCP) and sending RTCP reports about every <paramref name="rtcpInterval"/> (default 5 s).</summary>
    /// <exception cref="ObjectDisposedException">The leg was already disposed (a call released while being connected).</exception>
    public void Start(TimeSpan? rtcpInterval = null)
    {
        // Start and Dispose may race (a BYE releasing a call while its relay starts): one at a time, so a leg is never
        // registered with the reactor after its sockets were closed (their fd numbers may already belong to others).
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_cts.IsCancellationRequested, this);
            if (!ReceiveInBatches || !TryJoinReactor())
            {
                StartReceiveThread();
                _ = ReceiveRtcpLoopAsync();
            }
            var interval = rtcpInterval ?? TimeSpan.FromSeconds(5);
            if (interval > TimeSpan.Zero)
            {
                // RFC 3550 §6.3.1: randomise the interval in [0.5, 1.5] x T so reports from many sessions do not synchronise.
                _rtcpTimer = new Timer(_ => SendRtcpReport(), null, Jitter(interval), Timeout.InfiniteTimeSpan);
                _rtcpInterval = interval;
            }
        }
    }

    private readonly object _lifecycle = new();

    /// <summary>Puts this leg on the shared receive threads; false (the leg then runs its own thread) where there are
    /// none or the kernel refuses the registration.</summary>
    private bool TryJoinReactor()
    {
        if (RtpReceiveReactor.Shared is not { } reactor) return false;
        SetReceiveBuffer();
        try
        {
            _reactorRegistration = reactor.Register(this, _sockets.Rtp, _sockets.Rtcp);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private TimeSpan _rtcpInterval;

    private static TimeSpan Jitter(TimeSpan interval) => TimeSpan.FromMilliseconds(interval.TotalMilliseconds * (0.5 + Random.Shared.NextDouble()));

    /// <summary>Sends a datagram to the peer through the outbound rewriter (relay path and local players).</summary>
    public void Send(Span<byte> datagram)
    {
        SocketAddress? remote;
        lock (_gate) remote = _remote;
        if (remote == null) return; // peer not known yet (no SDP, nothing received)
        Outbound.Rewrite(datagram);
        SendTo(datagram, remote);
    }

    /// <summary>Sends a datagram already numbered for this leg's stream.</summary>
    private void SendTo(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _sockets.Rtp.SendTo(datagram, SocketFlags.None, remote);
            Interlocked.Increment(ref _packetsSent);
            Interlocked.Add(ref _octetsSent, Math.Max(0, datagram.Length - RtpPacket.HeaderSize));
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _packetsDropped);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Handles one received datagram: latching, statistics, telephone-event decoding, forwarding.
    /// Returns false if it was dropped.</summary>
    /// <param name="sends">When given (the batched receive loop), a datagram for another leg is rewritten now
    /// and staged there, to go out with the rest of the batch in one system call.</param>
    internal bool HandleDatagram(Span<byte> datagram, SocketAddress from, SendBatch? sends = null)
    {
        if (!RtpPacket.TryParse(datagram, out var header))
        {
            Interlocked.Increment(ref _packetsDropped);
            return false;
        }
        lock (_gate)
        {
            if (!_latched && _latchingEnabled)
            {
                if (_remote == null || !_remote.Equals(from))
                {
                    _remote = new SocketAddress(from.Family, from.Size);
                    from.Buffer.Span.CopyTo(_remote.Buffer.Span);
                    _remoteEndPoint = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(_remote);
                    _rtcpRemote = new IPEndPoint(_remoteEndPoint.Address, _remoteEndPoint.Port + 1).Serialize();
                }
                _latched = true;
            }
            else if (_remote == null || !_remote.Equals(from))
            {
                Interlocked.Increment(ref _packetsDropped);
                return false;
            }
            _receiveStatistics.Update(header.Ssrc, header.SequenceNumber, header.Timestamp, header.PayloadLength,
                Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency);
        }
        Interlocked.Increment(ref _packetsReceived);
        bool isEvent = header.PayloadType == TelephoneEventPayloadType;
        if (isEvent) TelephoneEvents.Process(datagram);
        ForwardDatagram(datagram, header, isEvent, sends);
        return true;
    }

    private async Task ReceiveRtcpLoopAsync()
    {
        var buffer = new byte[2048];
        var from = new SocketAddress(_sockets.Rtcp.AddressFamily);
        var token = _cts.Token;
        while (!token.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _sockets.Rtcp.ReceiveFromAsync(buffer, SocketFlags.None, from, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) { return; }
            catch (ObjectDisposedException) { return; }
            catch (SocketException) { continue; }
            HandleRtcp(buffer.AsSpan(0, n), from);
        }
    }

    private void HandleRtcp(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (!RtcpPacket.TryParse(datagram, out var report)) return;
        lock (_gate)
        {
            _lastReport = report;
            // Symmetric RTCP: answer where the peer's reports come from.
            if (_latchingEnabled && (_rtcpRemote == null || !_rtcpRemote.Equals(from)))
            {
                _rtcpRemote = new SocketAddress(from.Family, from.Size);
                from.Buffer.Span[..from.Size].CopyTo(_rtcpRemote.Buffer.Span);
            }
        }
    }

    /// <summary>Builds the compound RTCP packet this leg would send now: SR if we sent media since the
    /// last report, else RR; one report block if we receive; always SDES CNAME (RFC 3550 §6.1).</summary>
    internal int BuildRtcpReport(Span<byte> buffer)
    {
        int length;
        lock (_gate)
        {
            Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[1];
            int blockCount = 0;
            if (_receiveStatistics.PacketsReceived > 0)
            {
                blocks[0] = _receiveStatistics.CreateReportBlock(0, 0);
                blockCount = 1;
            }
            long sent = Interlocked.Read(ref _packetsSent);
            if (sent > 0)
            {
                length = RtcpPacket.WriteSenderReport(buffer, Outbound.Ssrc, RtcpPacket.ToNtp(DateTime.UtcNow), Outbound.LastTimestamp,
                    (uint)sent, (uint)Interlocked.Read(ref _octetsSent), blocks[..blockCount]);
            }
            else
            {
                length = RtcpPacket.WriteReceiverReport(buffer, Outbound.Ssrc, blocks[..blockCount]);
            }
        }
        length += RtcpPacket.WriteSdesCname(buffer[length..], Outbound.Ssrc, $"sipgw-{LocalPort}@{LocalEndPoint.Address}");
        return length;
    }

    private void SendRtcpReport()
    {
        if (_cts.IsCancellationRequested) return;
        try
        {
            SocketAddress? to;
            lock (_gate) to = _rtcpRemote;
            if (to != null)
            {
                Span<byte> buffer = stackalloc byte[256];
                int n = BuildRtcpReport(buffer);
                _sockets.Rtcp.SendTo(buffer[..n], SocketFlags.None, to);
            }
        }
        catch (SocketException) { }
        catch (ObjectDisposedException) { return; }
        try { _rtcpTimer?.Change(Jitter(_rtcpInterval), Timeout.InfiniteTimeSpan); }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Stops receiving and reporting, closes the sockets and returns the ports to the allocator.</summary>
    public void Dispose()
    {
        lock (_lifecycle)
        {
            if (_cts.IsCancellationRequested) return;
            _cts.Cancel();
            _rtcpTimer?.Dispose();
            if (_reactorRegistration is { } registration)
            {
                registration.Close();
                _sockets.Dispose();
                return;
            }
            WakeReceiveThread();
            _sockets.Dispose();
        }
        JoinReceiveThread();
        // _cts is not disposed: a receive thread that outlived the bounded join may still read its token.
    }
}
