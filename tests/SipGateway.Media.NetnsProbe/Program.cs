// Multicast probe: sends a paced 1400 Hz (paging go-ahead) stream with MulticastSender to a group and
// receives it on a socket joined to the group on 127.0.0.1, then prints one line of results.
// It refuses to run unless the only non-loopback-free interface is lo, i.e. inside `unshare -n`,
// so multicast can never leave the machine.
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Multicast;
using SipGateway.Media.Pacing;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: probe GROUP PORT PACKETS");
    return 2;
}
var group = IPAddress.Parse(args[0]);
int port = int.Parse(args[1]);
int packets = int.Parse(args[2]);

var interfaces = NetworkInterface.GetAllNetworkInterfaces();
if (interfaces.Any(i => i.NetworkInterfaceType != NetworkInterfaceType.Loopback))
{
    Console.WriteLine("error=not-in-private-namespace interfaces=" + string.Join(",", interfaces.Select(i => i.Name)));
    return 3;
}

using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
receiver.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
receiver.Bind(new IPEndPoint(IPAddress.Any, port));
receiver.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(group, IPAddress.Loopback));
receiver.ReceiveTimeout = 3000;

using var sender = new MulticastSender(new IPEndPoint(group, port), new MulticastOptions { Ttl = 1, Interface = "127.0.0.1" });
using var pacer = new PacedSender(1);
var tone = new ToneGenerator(new ToneOptions().PagingGoAhead.Parse(), repeat: true, levelDbm0: -13, maxDuration: TimeSpan.FromMilliseconds(20 * packets));
var stream = pacer.Start(tone, sender);

int received = 0, gaps = 0, rtp = 0;
int? lastSeq = null;
uint? ssrc = null;
bool oneSsrc = true;
var audio = new List<short>();
var pcm = new short[160];
var buffer = new byte[2048];
var deadline = Stopwatch.StartNew();
while (received < packets && deadline.Elapsed < TimeSpan.FromSeconds(30))
{
    int n;
    try { n = receiver.Receive(buffer); }
    catch (SocketException) { break; } // timeout: the stream stopped arriving
    received++;
    if (!RtpPacket.TryParse(buffer.AsSpan(0, n), out var h)) continue;
    rtp++;
    if (ssrc != null && ssrc != h.Ssrc) oneSsrc = false;
    ssrc = h.Ssrc;
    if (lastSeq != null && (ushort)(lastSeq + 1) != h.SequenceNumber) gaps++;
    lastSeq = h.SequenceNumber;
    int len = Math.Min(160, h.PayloadLength);
    MuLaw.Decode(buffer.AsSpan(h.PayloadOffset, len), pcm);
    audio.AddRange(pcm.AsSpan(0, len).ToArray());
}
stream.Stop();
var samples = audio.ToArray();
double at1400 = Goertzel.Amplitude(samples, 1400);
double at440 = Goertzel.Amplitude(samples, 440);
Console.WriteLine($"received={received} rtp={rtp} sent={sender.PacketsSent} gaps={gaps} one_ssrc={oneSsrc.ToString().ToLowerInvariant()} amp1400={at1400:F0} amp440={at440:F0}");
return received == packets ? 0 : 1;
