using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SipGateway.Media.Audio;
using SipGateway.Media.Pacing;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;
using Xunit.Abstractions;

namespace SipGateway.Media.Tests;

/// <summary>
/// A real softphone hears our paced sender: baresip auto-answers a hand-written INVITE on loopback, records
/// what it decodes (sndfile module), and the recording must contain the dial tone's 350 + 440 Hz.
/// </summary>
public class BaresipInteropTests(ITestOutputHelper output)
{
    [Fact]
    public void Baresip_records_the_dial_tone_our_paced_sender_streams()
    {
        string? baresip = new[] { "/usr/bin/baresip", "/usr/local/bin/baresip" }.FirstOrDefault(File.Exists);
        Assert.True(baresip != null, "baresip is not installed (apt-get install baresip baresip-core; tests/test.sh installs it)");

        var dir = Directory.CreateTempSubdirectory("sipgw-baresip-");
        Process? proc = null;
        try
        {
            int sipPort = FreeUdpPortPair();
            Directory.CreateDirectory(Path.Combine(dir.FullName, "rec"));
            // Microphone: a silent WAV, long enough to outlast the call.
            File.WriteAllBytes(Path.Combine(dir.FullName, "silence.wav"), TestAudio.Wav(1, 1, 8000, 16, new byte[8000 * 2 * 20]));
            File.WriteAllText(Path.Combine(dir.FullName, "config"), $"""
                sip_listen 127.0.0.1:{sipPort}
                net_interface 127.0.0.1
                audio_source aufile,{dir.FullName}/silence.wav
                audio_player aufile,{dir.FullName}/played.wav
                audio_alert aufile,{dir.FullName}/alert.wav
                ausrc_srate 8000
                auplay_srate 8000
                ausrc_channels 1
                auplay_channels 1
                rtp_ports 30000-39999
                module_path /usr/lib/baresip/modules
                module g711.so
                module sndfile.so
                module aufile.so
                module_tmp uuid.so
                module_tmp account.so
                module_app menu.so
                snd_path {dir.FullName}/rec
                """.Replace("                ", ""));
            File.WriteAllText(Path.Combine(dir.FullName, "accounts"),
                $"<sip:bob@127.0.0.1:{sipPort}>;regint=0;answermode=auto;audio_codecs=pcmu\n");

            var psi = new ProcessStartInfo(baresip!, ["-4", "-f", dir.FullName, "-t", "40"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            proc = Process.Start(psi)!;
            var log = new StringBuilder();
            proc.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            proc.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
            proc.BeginOutputReadLine();
            proc.BeginErrorReadLine();

            using var sip = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            sip.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            sip.ReceiveTimeout = 500;
            using var rtp = RtpSocketPair.BindAny(IPAddress.Loopback);
            var remote = new IPEndPoint(IPAddress.Loopback, sipPort);
            int localSip = ((IPEndPoint)sip.LocalEndPoint!).Port;
            string callId = Guid.NewGuid().ToString("N") + "@127.0.0.1";
            string from = $"<sip:tester@127.0.0.1:{localSip}>;tag=t{Random.Shared.Next(100000)}";
            string uri = $"sip:bob@127.0.0.1:{sipPort}";
            string sdp = $"v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n" +
                         $"m=audio {rtp.Port} RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=ptime:20\r\na=sendrecv\r\n";
            string invite = Request("INVITE", uri, localSip, from, $"<{uri}>", callId, 1, "z9hG4bK" + Guid.NewGuid().ToString("N")[..12], sdp);

            // Send the INVITE until baresip is up and answers 200 (bounded: 15 s).
            string? ok = null;
            var sw = Stopwatch.StartNew();
            var buf = new byte[65535];
            long lastSend = -1000;
            while (ok == null && sw.ElapsedMilliseconds < 15_000 && !proc.HasExited)
            {
                if (sw.ElapsedMilliseconds - lastSend >= 1000)
                {
                    sip.SendTo(Encoding.ASCII.GetBytes(invite), remote);
                    lastSend = sw.ElapsedMilliseconds;
                }
                try
                {
                    int n = sip.Receive(buf);
                    string msg = Encoding.ASCII.GetString(buf, 0, n);
                    if (msg.StartsWith("SIP/2.0 200") && msg.Contains("CSeq: 1 INVITE", StringComparison.OrdinalIgnoreCase)) ok = msg;
                    else if (Regex.IsMatch(msg, @"^SIP/2\.0 [3-6]\d\d")) Assert.Fail("baresip rejected the INVITE: " + msg.Split("\r\n")[0] + "\nLog:\n" + log);
                }
                catch (SocketException) { }
            }
            Assert.True(ok != null, "no 200 OK from baresip within 15 s. Log:\n" + log);
            string to = Header(ok!, "To");
            var audioPort = int.Parse(Regex.Match(ok!, @"m=audio (\d+)").Groups[1].Value);
            var audioAddr = IPAddress.Parse(Regex.Match(ok!, @"c=IN IP4 ([\d.]+)").Groups[1].Value);
            Assert.True(IPAddress.IsLoopback(audioAddr), "baresip's media address must be loopback");
            sip.SendTo(Encoding.ASCII.GetBytes(Request("ACK", uri, localSip, from, to, callId, 1, "z9hG4bK" + Guid.NewGuid().ToString("N")[..12], null)), remote);

            // Stream 3 s of dial tone (350 + 440 Hz) with the paced sender.
            using (var pacer = new PacedSender(1))
            {
                var tone = new ToneGenerator(new ToneOptions().Dial, TimeSpan.FromSeconds(3));
                var stream = pacer.Start(tone, new UdpRtpSink(rtp.Rtp, new IPEndPoint(audioAddr, audioPort)));
                Assert.True(stream.Completion.Wait(TimeSpan.FromSeconds(10)));
                Assert.Equal(150, stream.PacketsSent);
            }
            Thread.Sleep(300); // let the jitter buffer drain into the recording

            sip.SendTo(Encoding.ASCII.GetBytes(Request("BYE", uri, localSip, from, to, callId, 2, "z9hG4bK" + Guid.NewGuid().ToString("N")[..12], null)), remote);
            var byeSw = Stopwatch.StartNew();
            bool byeOk = false;
            while (!byeOk && byeSw.ElapsedMilliseconds < 5000)
            {
                try
                {
                    int n = sip.Receive(buf);
                    byeOk = Encoding.ASCII.GetString(buf, 0, n) is var m && m.StartsWith("SIP/2.0 200") && m.Contains("BYE");
                }
                catch (SocketException) { }
            }

            string? recording = null;
            var recSw = Stopwatch.StartNew();
            while (recording == null && recSw.ElapsedMilliseconds < 5000)
            {
                recording = Directory.GetFiles(Path.Combine(dir.FullName, "rec"), "dump-*-dec.wav").FirstOrDefault();
                if (recording == null) Thread.Sleep(100);
            }
            Assert.True(recording != null, "baresip wrote no dump-*-dec.wav. Log:\n" + log);
            Thread.Sleep(500); // file closed on hangup
            var clip = WavReader.Read(recording!);
            output.WriteLine($"recording {Path.GetFileName(recording)}: {clip.Duration.TotalSeconds:F2} s, BYE answered: {byeOk}");

            // Analyse the loudest second of what baresip decoded.
            var s = clip.Samples;
            int best = 0;
            double bestRms = 0;
            for (int start = 0; start + 8000 <= s.Length; start += 800)
            {
                double r = TestAudio.Rms(s.AsSpan(start, 8000));
                if (r > bestRms) { bestRms = r; best = start; }
            }
            Assert.True(s.Length >= 8000, $"recording too short: {s.Length} samples");
            var window = s.AsSpan(best, 8000);
            double a350 = Goertzel.Amplitude(window, 350), a440 = Goertzel.Amplitude(window, 440);
            double a1000 = Goertzel.Amplitude(window, 1000), a620 = Goertzel.Amplitude(window, 620);
            output.WriteLine($"rms {bestRms:F0}; amplitude 350 Hz {a350:F0}, 440 Hz {a440:F0}, 620 Hz {a620:F0}, 1000 Hz {a1000:F0}");
            double expected = ToneGenerator.ZeroDbm0Amplitude * Math.Pow(10, -13 / 20.0); // -13 dBm0 per component
            Assert.InRange(a350, expected * 0.7, expected * 1.3);
            Assert.InRange(a440, expected * 0.7, expected * 1.3);
            Assert.True(a1000 < expected * 0.05 && a620 < expected * 0.05, "unexpected frequencies in the recording");
        }
        finally
        {
            if (proc != null && !proc.HasExited)
            {
                try { proc.Kill(entireProcessTree: true); proc.WaitForExit(5000); } catch (InvalidOperationException) { }
            }
            proc?.Dispose();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static string Request(string method, string uri, int localPort, string from, string to, string callId, int cseq, string branch, string? sdp)
    {
        var sb = new StringBuilder();
        sb.Append($"{method} {uri} SIP/2.0\r\n");
        sb.Append($"Via: SIP/2.0/UDP 127.0.0.1:{localPort};branch={branch};rport\r\n");
        sb.Append("Max-Forwards: 70\r\n");
        sb.Append($"From: {from}\r\nTo: {to}\r\nCall-ID: {callId}\r\nCSeq: {cseq} {method}\r\n");
        sb.Append($"Contact: <sip:tester@127.0.0.1:{localPort}>\r\n");
        if (sdp != null) sb.Append("Content-Type: application/sdp\r\n");
        sb.Append($"Content-Length: {Encoding.ASCII.GetByteCount(sdp ?? "")}\r\n\r\n");
        sb.Append(sdp);
        return sb.ToString();
    }

    private static string Header(string message, string name)
    {
        var m = Regex.Match(message, $@"^(?:{name}|t):\s*(.+?)\r$", RegexOptions.Multiline | RegexOptions.IgnoreCase);
        Assert.True(m.Success, $"no {name} header in: {message}");
        return m.Groups[1].Value;
    }

    // baresip 1.0.0 also binds TLS on PORT+1, so both ports must be free.
    private static int FreeUdpPortPair()
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            using var a = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            a.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)a.LocalEndPoint!).Port;
            if (port >= 65534) continue;
            try
            {
                using var b = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                b.Bind(new IPEndPoint(IPAddress.Loopback, port + 1));
                using var c = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                c.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException) { }
        }
        throw new InvalidOperationException("no free port pair for baresip");
    }
}
