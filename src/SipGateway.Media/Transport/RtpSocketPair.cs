using System.Net;
using System.Net.Sockets;

namespace SipGateway.Media.Transport;

/// <summary>An RTP socket on an even port and its RTCP socket on port + 1. Disposing closes both and
/// returns the port to the allocator (if it came from one).</summary>
public sealed class RtpSocketPair : IDisposable
{
    private readonly RtpPortAllocator? _owner;
    private int _disposed;

    internal RtpSocketPair(RtpPortAllocator? owner, Socket rtp, Socket rtcp, int port)
    {
        _owner = owner;
        Rtp = rtp;
        Rtcp = rtcp;
        Port = port;
    }

    /// <summary>Binds a pair on any free even/odd ports of <paramref name="address"/> (tests, tools).</summary>
    public static RtpSocketPair BindAny(IPAddress address)
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            var rtp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            rtp.Bind(new IPEndPoint(address, 0));
            int port = ((IPEndPoint)rtp.LocalEndPoint!).Port;
            if ((port & 1) == 0 && port < 65535)
            {
                var rtcp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    rtcp.Bind(new IPEndPoint(address, port + 1));
                    return new RtpSocketPair(null, rtp, rtcp, port);
                }
                catch (SocketException)
                {
                    rtcp.Dispose();
                }
            }
            rtp.Dispose();
        }
        throw new InvalidOperationException("could not bind an even/odd port pair");
    }

    public Socket Rtp { get; }
    public Socket Rtcp { get; }
    public int Port { get; }
    public IPEndPoint RtpEndPoint => (IPEndPoint)Rtp.LocalEndPoint!;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Rtp.Dispose();
        Rtcp.Dispose();
        _owner?.Release(Port);
    }
}
