using System.Threading.Channels;

namespace SipGateway.Features.ExtendConnect.Events;

/// <summary>
/// Fans CTI events out to every connected client (T-Server broadcasts device events to all its clients). A client is
/// a CTI application; it is connected while at least one of its event streams is open, and its last stream closing
/// is its disconnect (<see cref="ClientDisconnected"/>).
/// </summary>
public sealed class CtiEventHub
{
    /// <summary>Events queued for a slow client beyond this are dropped (oldest first) rather than holding memory.</summary>
    public const int QueueLimit = 1024;

    private readonly object _gate = new();
    private readonly List<Subscription> _subscriptions = [];

    public event Action<string>? ClientDisconnected;

    public int Subscribers { get { lock (_gate) return _subscriptions.Count; } }

    public bool IsConnected(string client)
    {
        lock (_gate) return _subscriptions.Any(s => s.Client == client);
    }

    public Subscription Subscribe(string client)
    {
        var s = new Subscription(this, client);
        lock (_gate) _subscriptions.Add(s);
        return s;
    }

    public void Publish(CtiEvent e)
    {
        Subscription[] subs;
        lock (_gate) subs = [.. _subscriptions];
        foreach (var s in subs) s.Writer.TryWrite(e);
    }

    private void Remove(Subscription s)
    {
        bool last;
        lock (_gate)
        {
            if (!_subscriptions.Remove(s)) return;
            last = !_subscriptions.Any(o => o.Client == s.Client);
        }
        s.Writer.TryComplete();
        if (last) ClientDisconnected?.Invoke(s.Client);
    }

    /// <summary>One open event stream of a client; dispose when the stream closes.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly CtiEventHub _hub;
        private readonly Channel<CtiEvent> _channel = Channel.CreateBounded<CtiEvent>(new BoundedChannelOptions(QueueLimit)
        {
            FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true,
        });

        internal Subscription(CtiEventHub hub, string client)
        {
            _hub = hub;
            Client = client;
        }

        public string Client { get; }
        public ChannelReader<CtiEvent> Reader => _channel.Reader;
        internal ChannelWriter<CtiEvent> Writer => _channel.Writer;

        public void Dispose() => _hub.Remove(this);
    }
}
