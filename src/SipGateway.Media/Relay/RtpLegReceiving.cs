using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Relay;

/// <summary>
/// The RTP receive side of a leg. On x86-64 Linux legs share the <see cref="RtpReceiveReactor"/> threads (epoll, then
/// the batched calls below); elsewhere, and in tests that ask for it, one thread per leg with blocking receives. A relay leg under load has
/// datagrams waiting almost every time it asks, so blocking calls cost no thread hop; the earlier async loop
/// paid for the epoll thread, a thread-pool continuation and a FIONREAD probe per packet. On 64-bit Linux one
/// recvmmsg(2) takes everything queued (up to <see cref="BatchSize"/>) and the datagrams forwarded to the
/// other leg leave in one sendmmsg(2), rewritten in place in the receive buffers: no copy, no allocation,
/// two system calls per batch instead of two per packet. Elsewhere it falls back to one ReceiveFrom/SendTo per
/// packet. The RTP socket is never used asynchronously, so it stays in blocking mode.
/// </summary>
public sealed partial class RtpLeg
{
    /// <summary>Datagrams per recvmmsg/sendmmsg. 32 x 20 ms streams is far beyond one leg's real traffic; under
    /// a burst it bounds how long forwarding of the first packet waits for the rest (microseconds).</summary>
    internal const int BatchSize = 32;

    /// <summary>Nice value of receive threads (when the process may lower it): relayed audio is soft real time,
    /// so a build or a log burst on the same box should not delay it, yet a flood of RTP must not starve
    /// signalling the way a real-time policy (as the pacers use) could.</summary>
    internal const int RelayNice = -10;

    /// <summary>Receive timeout: bounds how long an idle thread sleeps between checks that the leg is still open
    /// (closing normally wakes it at once, see <see cref="WakeReceiveThread"/>).</summary>
    private const int IdleWakeMilliseconds = 1000;

    /// <summary>The worker thread running this leg's loop (null when none), and the signal that the loop ended.</summary>
    private volatile Thread? _receiveThread;
    private ManualResetEventSlim? _receiveLoopDone;

    /// <summary>Batched receive (recvmmsg/sendmmsg) where supported; tests turn it off to cover the fallback.
    /// Read by <see cref="Start"/>.</summary>
    internal bool ReceiveInBatches { get; set; } = LinuxDatagramCalls.IsSupported;

    /// <summary>SO_RCVBUF for the RTP socket (the kernel doubles it, capped by net.core.rmem_max): room for a few
    /// thousand datagrams, so a receive thread that loses its core for a few ms on a busy box finds the packets
    /// queued instead of dropped. Memory is charged only for what is actually queued.</summary>
    internal const int ReceiveBufferBytes = 1 << 20;

    /// <summary>This leg's place on the shared receive threads (null when it runs its own thread).</summary>
    private RtpReceiveReactor.Registration? _reactorRegistration;

    private void SetReceiveBuffer()
    {
        try { _sockets.Rtp.ReceiveBufferSize = ReceiveBufferBytes; }
        catch (SocketException) { } // a platform that refuses keeps its default
    }

    /// <summary>One delivery from the reactor: takes what is queued on the RTP (or RTCP) socket in one recvmmsg and
    /// forwards the RTP in one sendmmsg, as <see cref="ReceiveBatchLoop"/> does on a thread of its own.</summary>
    internal void OnReadable(bool rtcp, ReactorScratch scratch)
    {
        var socket = rtcp ? _sockets.Rtcp : _sockets.Rtp;
        var handle = socket.SafeHandle;
        bool added = false;
        // Held for the receive: a leg closing on another thread cannot release the fd number (for reuse) meanwhile.
        handle.DangerousAddRef(ref added);
        var received = scratch.Received;
        var sends = scratch.Sends;
        try
        {
            int count = received.ReceiveQueued(handle);
            if (count == 0 || _cts.IsCancellationRequested) return;
            var from = scratch.SourceFor(socket.AddressFamily);
            for (int i = 0; i < count; i++)
            {
                if (received.IsTruncated(i))
                {
                    Interlocked.Increment(ref _packetsDropped);
                    continue;
                }
                received.CopySource(i, from);
                if (rtcp) HandleRtcp(received.Datagram(i), from);
                else HandleDatagram(received.Datagram(i), from, sends);
            }
        }
        finally
        {
            FlushStaged(sends);
            if (added) handle.DangerousRelease();
        }
    }

    private void StartReceiveThread()
    {
        _sockets.Rtp.ReceiveTimeout = IdleWakeMilliseconds;
        SetReceiveBuffer();
        Action loop = ReceiveInBatches ? ReceiveBatchLoop : ReceiveLoop;
        _receiveLoopDone = new ManualResetEventSlim(false);
        var done = _receiveLoopDone;
        ReceiveWorkers.Run(() =>
        {
            _receiveThread = Thread.CurrentThread;
            try { loop(); }
            finally
            {
                _receiveThread = null;
                done.Set();
            }
        });
    }

    private void ReceiveLoop()
    {
        ThreadScheduling.TryRaiseCurrentThreadNice(RelayNice);
        var buffer = GC.AllocateUninitializedArray<byte>(ReceiveBatch.SlotSize, pinned: true);
        var from = new SocketAddress(_sockets.Rtp.AddressFamily);
        var token = _cts.Token;
        while (!token.IsCancellationRequested)
        {
            int n;
            try
            {
                n = _sockets.Rtp.ReceiveFrom(buffer, SocketFlags.None, from);
            }
            catch (ObjectDisposedException) { return; }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                continue;
            }
            catch (SocketException)
            {
                continue; // ICMP errors surface here on some stacks; keep listening
            }
            if (token.IsCancellationRequested) return;
            HandleDatagram(buffer.AsSpan(0, n), from);
        }
    }

    private void ReceiveBatchLoop()
    {
        ThreadScheduling.TryRaiseCurrentThreadNice(RelayNice);
        using var received = new ReceiveBatch(BatchSize);
        using var sends = new SendBatch(BatchSize);
        var from = new SocketAddress(_sockets.Rtp.AddressFamily);
        var token = _cts.Token;
        SafeSocketHandle handle;
        bool added = false;
        try
        {
            handle = _sockets.Rtp.SafeHandle;
            // Held for the loop's life: closing the socket cannot release the fd number (and let another socket
            // reuse it) while this thread may still call recvmmsg on it.
            handle.DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            return;
        }
        try
        {
            while (!token.IsCancellationRequested)
            {
                int count;
                try
                {
                    count = received.Receive(handle);
                }
                catch (SocketException)
                {
                    continue; // ICMP errors surface here; keep listening
                }
                if (token.IsCancellationRequested) return;
                for (int i = 0; i < count; i++)
                {
                    if (received.IsTruncated(i))
                    {
                        Interlocked.Increment(ref _packetsDropped);
                        continue;
                    }
                    received.CopySource(i, from);
                    HandleDatagram(received.Datagram(i), from, sends);
                }
                FlushStaged(sends);
            }
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>The batched form of <see cref="Send"/>: rewrites the datagram (it lies in a receive batch's native
    /// buffer) and stages it for this leg's socket in <paramref name="sends"/>.</summary>
    internal void Stage(Span<byte> datagram, SendBatch sends)
    {
        SocketAddress? remote;
        lock (_gate) remote = _remote;
        if (remote == null) return; // peer not known yet (no SDP, nothing received)
        if (!sends.Accepts(_sockets.Rtp)) FlushStaged(sends);
        Outbound.Rewrite(datagram);
        sends.Add(_sockets.Rtp, this, datagram, remote);
    }

    private static void FlushStaged(SendBatch sends)
    {
        if (sends.Count == 0) return;
        var owner = (RtpLeg)sends.Owner!;
        int staged = sends.Count;
        sends.Flush(out int sent, out long octets, out int failed);
        if (sent > 0)
        {
            Interlocked.Add(ref owner._packetsSent, sent);
            // RFC 3550 §6.4.1: the SR octet count is payload octets only, without the 12-byte headers.
            Interlocked.Add(ref owner._octetsSent, Math.Max(0, octets - ((long)sent * RtpPacket.HeaderSize)));
        }
        if (failed > 0) Interlocked.Add(ref owner._packetsDropped, failed);
    }

    /// <summary>Wakes a thread blocked in a receive so it sees the leg closing. shutdown(2) on a UDP socket
    /// reports ENOTCONN but still marks it shut for reading and wakes waiters (Linux), so the blocked call
    /// returns at once instead of at the next receive timeout.</summary>
    private void WakeReceiveThread()
    {
        try { _sockets.Rtp.Shutdown(SocketShutdown.Receive); }
        catch (SocketException) { }
        catch (ObjectDisposedException) { }
    }

    /// <summary>Waits briefly for the receive thread so the port is really free when Dispose returns
    /// (not when called from that thread, e.g. a telephone-event handler hanging up).</summary>
    private void JoinReceiveThread()
    {
        var done = _receiveLoopDone;
        if (done is null || _receiveThread == Thread.CurrentThread) return;
        // A loop not yet running finds its socket closed as soon as it does; either way this wait is bounded.
        done.Wait(IdleWakeMilliseconds + 500);
    }
}
