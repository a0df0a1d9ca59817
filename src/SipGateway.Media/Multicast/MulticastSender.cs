using System.Net;
using System.Net.Sockets;
using SipGateway.Media.Rtp;
using SipGateway.Media.Transport;

namespace SipGateway.Media.Multicast;

/// <summary>
/// Sends RTP to a multicast group:port (paging). The TTL and outgoing interface come from
/// <see cref="MulticastOptions"/>; every packet passes through one <see cref="RtpStreamRewriter"/> so the
/// stall tone, go-ahead tone and the caller's relayed voice reach the phones as one continuous stream.
/// </summary>
public sealed class MulticastSender : IRtpSink, IDisposable
{
    private readonly Socket _socket;
    private readonly SocketAddress _group;
    private long _sent, _errors;

    public MulticastSender(IPEndPoint group, MulticastOptions? options = null)
    {
        options ??= new MulticastOptions();
        if (!IsMulticast(group.Address)) throw new ArgumentException($"{group.Address} is not an IPv4 multicast address", nameof(group));
        if (options.Ttl < 0 || options.Ttl > 255) throw new ArgumentOutOfRangeException(nameof(options), "Ttl 0..255");
        var iface = IPAddress.Parse(options.Interface);
        Group = group;
        _group = group.Serialize();
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, options.Ttl);
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, iface.GetAddressBytes());
            _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, options.Loopback);
            _socket.Bind(new IPEndPoint(iface, 0));
        }
        catch
        {
            _socket.Dispose();
            throw;
        }
    }

    public IPEndPoint Group { get; }
    public RtpStreamRewriter Outbound { get; } = new();
    public long PacketsSent => Interlocked.Read(ref _sent);
    public long SendErrors => Interlocked.Read(ref _errors);

    public static bool IsMulticast(IPAddress address)
        => address.AddressFamily == AddressFamily.InterNetwork && (address.GetAddressBytes()[0] & 0xF0) == 224;

    public void Send(Span<byte> datagram)
    {
        Outbound.Rewrite(datagram);
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _group);
            Interlocked.Increment(ref _sent);
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _errors);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose() => _socket.Dispose();
}
