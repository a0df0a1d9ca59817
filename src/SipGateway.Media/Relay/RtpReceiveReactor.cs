using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Pacing;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Relay;

/// <summary>
/// A few receive threads shared by every RTP leg of the process, each waiting on its legs' RTP and RTCP sockets with
/// epoll and draining a ready socket with one recvmmsg (see <see cref="RtpLeg"/>). A thread per leg cost a thread
/// hand-off to start and a wake-up and join to stop every leg, two threads and their stacks per held call, and an
/// async RTCP loop per leg that ended in an exception: together more CPU per call than the call's signalling
/// (bench/SipGateway.Calls.Bench). Null where epoll is not available: legs then run their own receive threads.
/// </summary>
internal sealed class RtpReceiveReactor
{
    private static readonly Lazy<RtpReceiveReactor?> Instance = new(() => LinuxEpoll.IsSupported ? new RtpReceiveReactor(ThreadCount()) : null);

    /// <summary>The process's reactor, started on first use; null where epoll is unavailable.</summary>
    public static RtpReceiveReactor? Shared => Instance.Value;

    private readonly Loop[] _loops;
    private readonly ConcurrentDictionary<long, Registration> _registrations = new();
    private long _nextId;
    private int _nextLoop;

    private RtpReceiveReactor(int threads)
    {
        _loops = new Loop[threads];
        for (int i = 0; i < threads; i++) _loops[i] = new Loop(this, i);
    }

    /// <summary>One thread per core, at most four: a thread drains tens of thousands of datagrams a second, and on a
    /// small box more threads than cores would only compete with signalling.</summary>
    private static int ThreadCount() => Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>Starts delivering <paramref name="leg"/>'s readable sockets to it on one of the reactor threads.</summary>
    public Registration Register(RtpLeg leg, Socket rtp, Socket rtcp)
    {
        long id = Interlocked.Increment(ref _nextId);
        var loop = _loops[(int)((uint)Interlocked.Increment(ref _nextLoop) % (uint)_loops.Length)];
        var registration = new Registration(this, loop, id, leg, rtp, rtcp);
        _registrations[id] = registration;
        int error = LinuxEpoll.Add(loop.Epoll, (int)rtp.SafeHandle.DangerousGetHandle(), (ulong)id << 1);
        bool rtpAdded = error == 0;
        if (rtpAdded) error = LinuxEpoll.Add(loop.Epoll, (int)rtcp.SafeHandle.DangerousGetHandle(), ((ulong)id << 1) | 1);
        if (error != 0)
        {
            // Undo only what was added: removing an fd this registration does not own would unhook another leg.
            if (rtpAdded) LinuxEpoll.Remove(loop.Epoll, (int)rtp.SafeHandle.DangerousGetHandle());
            registration.Abandon();
            throw new SocketException(error);
        }
        return registration;
    }

    /// <summary>A leg's place on a reactor thread. <see cref="Close"/> stops delivery before the leg closes its sockets.</summary>
    internal sealed class Registration
    {
        private readonly RtpReceiveReactor _owner;
        private readonly Loop _loop;
        private readonly long _id;
        private readonly Socket _rtp, _rtcp;
        private volatile bool _closed;
        private int _busy;

        public Registration(RtpReceiveReactor owner, Loop loop, long id, RtpLeg leg, Socket rtp, Socket rtcp)
        {
            _owner = owner;
            _loop = loop;
            _id = id;
            Leg = leg;
            _rtp = rtp;
            _rtcp = rtcp;
        }

        public RtpLeg Leg { get; }

        /// <summary>Whether a delivery may start; paired with <see cref="Exit"/>.</summary>
        public bool TryEnter()
        {
            Interlocked.Increment(ref _busy);
            if (!_closed) return true;
            Interlocked.Decrement(ref _busy);
            return false;
        }

        public void Exit() => Interlocked.Decrement(ref _busy);

        /// <summary>A registration the kernel refused: forgotten without touching epoll.</summary>
        public void Abandon()
        {
            _closed = true;
            _owner._registrations.TryRemove(_id, out _);
        }

        /// <summary>Stops watching the sockets (they must still be open) and waits, briefly, for a delivery in progress
        /// on another thread, so the leg's sockets can be closed and its port reused once this returns. On the reactor
        /// thread itself (a digit handler hanging up the call) there is nothing to wait for: the delivery is the caller.</summary>
        public void Close()
        {
            if (_closed) return;
            _closed = true;
            LinuxEpoll.Remove(_loop.Epoll, (int)_rtp.SafeHandle.DangerousGetHandle());
            LinuxEpoll.Remove(_loop.Epoll, (int)_rtcp.SafeHandle.DangerousGetHandle());
            _owner._registrations.TryRemove(_id, out _);
            if (Thread.CurrentThread == _loop.Thread) return;
            var spin = new SpinWait();
            long deadline = Environment.TickCount64 + 1000;
            while (Volatile.Read(ref _busy) != 0 && Environment.TickCount64 < deadline) spin.SpinOnce();
        }
    }

    /// <summary>One reactor thread: its epoll set and the batches it receives into and sends from.</summary>
    internal sealed class Loop
    {
        private const int MaxEvents = 256;
        private const int WaitMilliseconds = 1000;
        private readonly RtpReceiveReactor _owner;

        public Loop(RtpReceiveReactor owner, int index)
        {
            _owner = owner;
            Epoll = LinuxEpoll.Create();
            Thread = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = $"rtp-reactor-{index}" };
            Thread.Start();
        }

        public int Epoll { get; }
        public Thread Thread { get; }

        private unsafe void Run()
        {
            ThreadScheduling.TryRaiseCurrentThreadNice(RtpLeg.RelayNice);
            var scratch = new ReactorScratch(RtpLeg.BatchSize);
            var events = stackalloc LinuxEpoll.EpollEvent[MaxEvents];
            while (true)
            {
                int n = LinuxEpoll.Wait(Epoll, events, MaxEvents, WaitMilliseconds);
                for (int i = 0; i < n; i++)
                {
                    ulong data = events[i].Data;
                    if (!_owner._registrations.TryGetValue((long)(data >> 1), out var registration) || !registration.TryEnter()) continue;
                    try
                    {
                        registration.Leg.OnReadable((data & 1) != 0, scratch);
                    }
                    catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
                    {
                        // ICMP errors surface on the next receive; a socket closing under us: both end this delivery only.
                    }
                    finally
                    {
                        registration.Exit();
                    }
                }
            }
        }
    }
}

/// <summary>What a reactor thread lends a leg for one delivery: receive and send batches and source-address holders.</summary>
internal sealed class ReactorScratch(int batchSize)
{
    public ReceiveBatch Received { get; } = new(batchSize);
    public SendBatch Sends { get; } = new(batchSize);
    private readonly SocketAddress _v4 = new(AddressFamily.InterNetwork);
    private readonly SocketAddress _v6 = new(AddressFamily.InterNetworkV6);

    public SocketAddress SourceFor(AddressFamily family) => family == AddressFamily.InterNetworkV6 ? _v6 : _v4;
}
