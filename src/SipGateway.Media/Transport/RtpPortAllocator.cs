using System.Net;
using System.Net.Sockets;

namespace SipGateway.Media.Transport;

/// <summary>
/// Hands out RTP/RTCP socket pairs from the configured range: an even port for RTP and the next port for
/// RTCP (RFC 3550 §11). Ports in use by another process are skipped. Allocation rotates through the range
/// so a port just released is not reused at once (late packets of the old call would land in the new one).
/// </summary>
public sealed class RtpPortAllocator
{
    private readonly object _gate = new();
    private readonly HashSet<int> _inUse = new();
    private readonly int _firstEven;
    private int _next;

    /// <param name="maxPairs">Pairs open at once (each is two file descriptors, held until the sockets are closed);
    /// beyond it <see cref="Allocate"/> refuses rather than exhaust the process's open-file limit.</param>
    public RtpPortAllocator(IPAddress address, PortRange range, int maxPairs = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPairs, 1);
        Address = address;
        Range = range;
        MaxPairs = maxPairs;
        _firstEven = (range.First + 1) & ~1;
        _next = _firstEven;
    }

    public IPAddress Address { get; }
    public PortRange Range { get; }
    public int InUse { get { lock (_gate) return _inUse.Count; } }
    public int MaxPairs { get; }

    /// <summary>Binds a new pair; throws <see cref="InvalidOperationException"/> when the range is exhausted.</summary>
    public RtpSocketPair Allocate()
    {
        lock (_gate)
        {
            if (_inUse.Count >= MaxPairs)
                throw new InvalidOperationException($"{MaxPairs} RTP port pairs already open (the budget the open-file limit allows)");
        }
        int pairs = Range.PairCount;
        for (int attempt = 0; attempt < pairs; attempt++)
        {
            int port;
            lock (_gate)
            {
                port = _next;
                _next += 2;
                if (_next + 1 > Range.Last) _next = _firstEven;
                if (!_inUse.Add(port)) continue;
            }
            Socket? rtp = null, rtcp = null;
            try
            {
                rtp = Bind(port);
                rtcp = Bind(port + 1);
                return new RtpSocketPair(this, rtp, rtcp, port);
            }
            catch (SocketException)
            {
                rtp?.Dispose();
                rtcp?.Dispose();
                lock (_gate) _inUse.Remove(port);
            }
        }
        throw new InvalidOperationException($"no free RTP port pair in {Range} on {Address}");
    }

    internal void Release(int port)
    {
        lock (_gate) _inUse.Remove(port);
    }

    private Socket Bind(int port)
    {
        var socket = new Socket(Address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(Address, port));
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
