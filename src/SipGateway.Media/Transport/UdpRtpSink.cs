using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace SipGateway.Media.Transport;

/// <summary>Sends datagrams from a given socket to a fixed destination without allocating per packet.</summary>
public sealed class UdpRtpSink : IRtpSink
{
    private readonly Socket _socket;
    private readonly SocketAddress _destination;
    private long _errors;

    public UdpRtpSink(Socket socket, IPEndPoint destination)
    {
        _socket = socket;
        Destination = destination;
        _destination = destination.Serialize();
    }

    public IPEndPoint Destination { get; }
    public long SendErrors => Interlocked.Read(ref _errors);

    public void Send(Span<byte> datagram)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _destination);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _errors); // e.g. ICMP port unreachable reported on a later send
        }
        catch (ObjectDisposedException)
        {
            Interlocked.Increment(ref _errors); // session torn down while a frame was in flight
        }
    }
}
