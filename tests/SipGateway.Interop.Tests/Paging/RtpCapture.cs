using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Codecs;
using SipGateway.Media.Rtp;

namespace SipGateway.Interop.Tests.Paging;

/// <summary>
/// A UDP socket inside the test's network namespace that records every RTP packet it receives with its arrival time:
/// a caller's media socket (what the caller hears, and where it speaks from) or a receiver joined to a page's
/// multicast group (bound to the group address, so it hears that group only).
/// </summary>
internal sealed class RtpCapture : IDisposable
{
    private readonly Socket _socket;
    private readonly List<(long Ticks, byte[] Datagram)> _packets = [];
    private readonly Thread _reader;
    private volatile bool _closed;

    private RtpCapture(Socket socket)
    {
        _socket = socket;
        _socket.ReceiveTimeout = 200;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "rtp capture" };
        _reader.Start();
    }

    public int Port => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>A unicast socket on 127.0.0.1 (port chosen by the system), in <paramref name="ns"/> or, without one,
    /// in the test's own namespace (unicast-only tests).</summary>
    public static RtpCapture Unicast(Infrastructure.NetworkNamespace? ns)
    {
        var s = ns?.Socket(SocketType.Dgram, ProtocolType.Udp) ?? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        s.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return new RtpCapture(s);
    }

    /// <summary>A receiver joined to <paramref name="group"/> on 127.0.0.1, as a multicast phone would be.</summary>
    public static RtpCapture Multicast(Infrastructure.NetworkNamespace ns, IPEndPoint group)
    {
        var s = ns.Socket(SocketType.Dgram, ProtocolType.Udp);
        s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        s.Bind(group);
        s.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group.Address, IPAddress.Loopback));
        return new RtpCapture(s);
    }

    private void ReadLoop()
    {
        var buffer = new byte[2048];
        while (!_closed)
        {
            int n;
            try { n = _socket.Receive(buffer); }
            catch (SocketException) { continue; } // receive timeout: look at _closed again
            catch (ObjectDisposedException) { return; }
            lock (_packets) _packets.Add((Stopwatch.GetTimestamp(), buffer.AsSpan(0, n).ToArray()));
        }
    }

    public int Count
    {
        get { lock (_packets) return _packets.Count; }
    }

    public IReadOnlyList<(long Ticks, byte[] Datagram)> Packets
    {
        get { lock (_packets) return [.. _packets]; }
    }

    /// <summary>The received audio decoded (mu-law or A-law by payload type), in arrival order.</summary>
    public short[] Audio(int skipPackets = 0)
    {
        var pcm = new List<short>();
        foreach (var (_, d) in Packets.Skip(skipPackets))
        {
            if (!RtpPacket.TryParse(d, out var h) || h.PayloadType is not (0 or 8)) continue;
            var samples = new short[h.PayloadLength];
            G711.Decode(G711.FromPayloadType(h.PayloadType), d.AsSpan(h.PayloadOffset, h.PayloadLength), samples);
            pcm.AddRange(samples);
        }
        return [.. pcm];
    }

    /// <summary>Sends a mu-law sine tone from this socket to <paramref name="to"/>, 20 ms packets, until cancelled.</summary>
    public Task SendToneAsync(IPEndPoint to, double hz, CancellationToken ct) => Task.Run(async () =>
    {
        var packet = new byte[12 + 160];
        var pcm = new short[160];
        uint ssrc = 0x5ca1ab1e, ts = 1000;
        ushort seq = 1;
        long start = Stopwatch.GetTimestamp();
        for (int frame = 0; !ct.IsCancellationRequested && frame < 3000; frame++)
        {
            for (int i = 0; i < 160; i++) pcm[i] = (short)(8000 * Math.Sin(2 * Math.PI * hz * (frame * 160 + i) / 8000));
            RtpPacket.WriteHeader(packet, frame == 0, 0, seq++, ts, ssrc);
            MuLaw.Encode(pcm, packet.AsSpan(12));
            ts += 160;
            try { _socket.SendTo(packet, to); } catch (SocketException) { } catch (ObjectDisposedException) { return; }
            var due = start + (frame + 1) * Stopwatch.Frequency / 50;
            var wait = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (wait > 0) await Task.Delay((int)wait, CancellationToken.None);
        }
    }, CancellationToken.None);

    public void Dispose()
    {
        _closed = true;
        _reader.Join(TimeSpan.FromSeconds(2));
        _socket.Dispose();
    }
}
