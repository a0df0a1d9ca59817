using System.Net;
using System.Net.Sockets;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Ports chosen free at run time so test runs can proceed in parallel.</summary>
internal static class FreePort
{
    public static int Tcp()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>A port free for both UDP and TCP (SIPp and baresip bind both).</summary>
    public static int UdpAndTcp()
    {
        for (int i = 0; i < 50; i++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                using var tcp2 = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                tcp2.Bind(new IPEndPoint(IPAddress.Loopback, port + 1)); // baresip also binds TLS on PORT+1
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free UDP+TCP port found on 127.0.0.1");
    }
}
