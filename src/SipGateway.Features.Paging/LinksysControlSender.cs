using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace SipGateway.Features.Paging;

/// <summary>
/// Start/stop control packets for Linksys/SPA-style paging receivers (the scheme of Asterisk's MulticastRTP "linksys"
/// mode): 16 bytes, four 32-bit big-endian fields — an identifier, the command (6 start, 7 stop), the IPv4 address and
/// the port the RTP goes to — sent twice, since UDP may lose one, to the phone's control address (unicast or a group).
/// </summary>
public sealed class LinksysControlSender : IDisposable
{
    public const uint StartCommand = 6;
    public const uint StopCommand = 7;

    private readonly Socket _socket;

    public LinksysControlSender(string multicastInterface, int ttl)
    {
        var iface = IPAddress.Parse(multicastInterface);
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, ttl);
        _socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, iface.GetAddressBytes());
        _socket.Bind(new IPEndPoint(iface, 0));
    }

    public static byte[] Packet(uint id, uint command, IPEndPoint rtp)
    {
        var packet = new byte[16];
        BinaryPrimitives.WriteUInt32BigEndian(packet, id);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), command);
        rtp.Address.GetAddressBytes().CopyTo(packet, 8); // already network order
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(12), (uint)rtp.Port);
        return packet;
    }

    /// <summary>Sends the command twice; a network error is the phone's failure, reported with its name.</summary>
    public void Send(string device, IPEndPoint control, uint id, uint command, IPEndPoint rtp)
    {
        var packet = Packet(id, command, rtp);
        try
        {
            _socket.SendTo(packet, control);
            _socket.SendTo(packet, control);
        }
        catch (SocketException ex)
        {
            throw new PagingRecipientException($"{device}: control packet to {control} failed ({ex.SocketErrorCode})");
        }
    }

    public void Dispose() => _socket.Dispose();
}
