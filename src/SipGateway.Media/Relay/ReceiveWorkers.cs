namespace SipGateway.Media.Relay;

/// <summary>
/// Dedicated threads for RTP receive loops, kept for reuse: a gateway starts two loops per call and ends them at
/// hang-up, and creating and tearing down a thread each time cost more than the call's signalling (the call-rate
/// bench). A finished loop's thread parks here for the next leg; threads idle longer than
/// <see cref="IdleTimeout"/>, or beyond <see cref="MaxIdle"/>, exit. Still one thread per active leg.
/// </summary>
internal static class ReceiveWorkers
{
    internal const int MaxIdle = 512;
    internal static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private static readonly object Gate = new();
    private static readonly List<Worker> Idle = [];

    /// <summary>Runs <paramref name="loop"/> on a parked worker, or on a new one.</summary>
    public static void Run(Action loop)
    {
        lock (Gate)
        {
            if (Idle.Count > 0)
            {
                var worker = Idle[^1];
                Idle.RemoveAt(Idle.Count - 1);
                worker.Give(loop);
                return;
            }
        }
        new Worker(loop).Start();
    }

    internal static int IdleCount { get { lock (Gate) return Idle.Count; } }

    private sealed class Worker
    {
        private readonly SemaphoreSlim _go = new(0);
        private Action? _work;
        private readonly Thread _thread;

        public Worker(Action first)
        {
            _work = first;
            // A small stack: the loops call nothing deep.
            _thread = new Thread(Run, maxStackSize: 256 * 1024) { IsBackground = true, Name = "rtp-receive" };
        }

        public void Start() => _thread.Start();

        /// <summary>Called under <see cref="Gate"/> for a worker taken off the idle list.</summary>
        public void Give(Action work)
        {
            _work = work;
            _go.Release();
        }

        private void Run()
        {
            while (true)
            {
                var work = _work!;
                _work = null;
                work();
                lock (Gate)
                {
                    if (Idle.Count >= MaxIdle) return;
                    Idle.Add(this);
                }
                while (!_go.Wait(IdleTimeout))
                {
                    lock (Gate)
                    {
                        // Not handed work while the wait timed out: leave. Otherwise the release is pending: go on.
                        if (_work is null)
                        {
                            Idle.Remove(this);
                            return;
                        }
                    }
                }
            }
        }
    }
}
