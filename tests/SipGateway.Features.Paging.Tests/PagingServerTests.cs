using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Audio;
using SipGateway.Media.Codecs;
using SipGateway.Media.Pacing;
using SipGateway.Media.Relay;
using SipGateway.Media.Rtp;
using SipGateway.Media.Tones;
using SipGateway.Media.Transport;

namespace SipGateway.Features.Paging.Tests;

/// <summary>The paging server without SIP: admission, busy phones, and a page's stall / go-ahead / end sequence with
/// the clock under the test's control. No page here sends multicast (that runs only in the namespace interop tests).</summary>
public sealed class PagingServerTests : IDisposable
{
    private static readonly IPEndPoint LobbyGroup = IPEndPoint.Parse("239.10.0.1:20480");
    private readonly PacedSender _pacer = new(threads: 1);
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingHandler _phones = new();

    private PagingServer Server(PagingOptions options, Func<string, bool>? busy = null) =>
        new(options, _pacer, new ToneOptions(), busy ?? (_ => false), new HttpClient(_phones), _time, NullLogger<PagingServer>.Instance);

    private static PagingOptions Options(int maxPages = 5, TimeSpan? stall = null, IPEndPoint? lobby = null, bool skipBusy = true, params string[] lobbyDevices) => new()
    {
        MaxConcurrentPages = maxPages,
        MinimumStall = stall ?? TimeSpan.FromSeconds(1),
        JoinTimeout = TimeSpan.FromSeconds(3),
        DialCast = [new DialCastNumber("7000", "PT_Internal", ["Lobby"]), new DialCastNumber("7100", "PT_Internal", ["SiteB"]), new DialCastNumber("7001", null, ["Lobby"])],
        RecipientGroups = new Dictionary<string, RecipientGroup>
        {
            ["Lobby"] = new("Lobby", lobby, lobbyDevices, skipBusy),
            ["SiteB"] = new("SiteB", null, [], true),
        },
        Phones = new Dictionary<string, PagingPhone>
        {
            ["SEPCISCO01"] = new("SEPCISCO01", PagingMode.CiscoExecute, new Uri("http://10.1.1.20"), "pager", "pw"),
        },
    };

    [Fact]
    public void Only_DialCast_numbers_in_their_partition_are_taken()
    {
        var server = Server(Options());
        Assert.Null(server.Reserve("1000", "PT_Internal", out var refusal));
        Assert.Null(refusal);
        Assert.Null(server.Reserve("7000", "PT_PSTN", out refusal));
        Assert.Null(refusal);
        Assert.NotNull(server.Reserve("7000", "PT_Internal", out _));
        Assert.NotNull(server.Reserve("7100", "PT_Internal", out _));
        Assert.Equal(2, server.ActivePages);
    }

    [Fact]
    public void A_group_carries_one_page_at_a_time_and_the_limit_caps_pages()
    {
        var server = Server(Options(maxPages: 1));
        var first = server.Reserve("7000", "PT_Internal", out _)!;
        Assert.Null(server.Reserve("7100", "PT_Internal", out var refusal));
        Assert.Equal("1 pages already active (Paging:MaxConcurrentPages)", refusal);
        first.End("done");
        Assert.Equal(0, server.ActivePages);

        server = Server(Options(maxPages: 5));
        server.Reserve("7000", "PT_Internal", out _);
        Assert.Null(server.Reserve("7001", null, out refusal));
        Assert.Equal("recipient group Lobby is already being paged", refusal);
        Assert.NotNull(server.Reserve("7100", "PT_Internal", out _));
    }

    [Theory]
    [InlineData(true, "SkippedBusy")]
    [InlineData(false, "Pending")]
    public void Busy_phones_are_skipped_when_the_group_says_so(bool skipBusy, string state)
    {
        var server = Server(Options(lobby: LobbyGroup, skipBusy: skipBusy, lobbyDevices: ["SEP01", "SEP02"]), busy: d => d == "SEP02");
        server.Reserve("7000", "PT_Internal", out _);
        var recipients = Assert.Single(server.Snapshot()).Recipients;
        Assert.Equal("Pending", recipients.Single(r => r.Device == "SEP01").State);
        Assert.Equal(state, recipients.Single(r => r.Device == "SEP02").State);
        Assert.Equal("Multicast", recipients[0].Mode);
    }

    [Fact]
    public async Task Caller_hears_the_stall_tone_until_the_stall_ends_then_the_go_ahead_and_the_page_goes_live()
    {
        var server = Server(Options(stall: TimeSpan.FromSeconds(2)));
        using var ear = new CallerEar();
        var page = server.Reserve("7100", "PT_Internal", out _)!;
        page.Start(new DialCastCall("c1", "7100", "PT_Internal", "6505551234", ear.Leg));

        await Task.Delay(600); // media time: the stall tone plays while the clock stands still
        Assert.Equal("Stalling", server.Snapshot()[0].State);
        Assert.True(ear.Level(440) > 1000, $"no stall tone: 440 Hz {ear.Level(440):F0}, {ear.Samples} samples heard");
        Assert.True(ear.Level(1400) < 100, "go-ahead before the stall ended");

        _time.Advance(TimeSpan.FromSeconds(2));
        var live = server.Pages[0].Running;
        await live.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("Live", server.Snapshot()[0].State);
        await WaitUntil(() => ear.FirstFrameWith(1400, 440) > 0);
        Assert.True(ear.FirstFrameWith(440, 1400) < ear.FirstFrameWith(1400, 440), "the go-ahead came before the stall tone");
        Assert.Equal(_time.GetUtcNow(), server.Snapshot()[0].GoAheadUtc);
        page.End("caller hung up");
        Assert.Empty(server.Snapshot());
    }

    [Fact]
    public async Task Ending_during_the_stall_tells_the_phones_to_leave_and_never_goes_live()
    {
        var server = Server(Options(stall: TimeSpan.FromSeconds(10), lobby: LobbyGroup, lobbyDevices: ["SEPCISCO01"]));
        using var ear = new CallerEar();
        var page = server.Reserve("7000", "PT_Internal", out _)!;
        var running = server.Pages[0];
        page.Start(new DialCastCall("c1", "7000", "PT_Internal", "6505551234", ear.Leg));
        await WaitUntil(() => _phones.Requests.Count == 1);
        Assert.Contains("RTPMRx:239.10.0.1:20480:50", _phones.Xml[0]);

        page.End("caller hung up");
        await WaitUntil(() => _phones.Requests.Count == 2);
        Assert.Contains("RTPRx:Stop", _phones.Xml[1]);
        _time.Advance(TimeSpan.FromSeconds(30));
        await running.Running.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(PageState.Ended, running.State);
        Assert.Equal(0, running.Groups[0].PacketsSent);
        Assert.Equal(RecipientState.Left, running.Recipients[0].State);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(20);
        Assert.True(condition(), "condition not met in 5 s");
    }

    public void Dispose() => _pacer.Dispose();

    /// <summary>The gateway's RTP leg toward a caller, and a socket where the caller hears it (decoded as it arrives).</summary>
    private sealed class CallerEar : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly List<short> _heard = [];
        private readonly Thread _reader;
        private volatile bool _closed;

        public CallerEar()
        {
            _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            _socket.ReceiveTimeout = 100;
            Leg = new RtpLeg(new RtpPortAllocator(IPAddress.Loopback, PortRange.Parse("46000-46999")).Allocate());
            Leg.SetRemote((IPEndPoint)_socket.LocalEndPoint!);
            _reader = new Thread(() =>
            {
                var buffer = new byte[2048];
                while (!_closed)
                {
                    try
                    {
                        int n = _socket.Receive(buffer);
                        if (!RtpPacket.TryParse(buffer.AsSpan(0, n), out var h)) continue;
                        var pcm = new short[h.PayloadLength];
                        MuLaw.Decode(buffer.AsSpan(h.PayloadOffset, h.PayloadLength), pcm);
                        lock (_heard) _heard.AddRange(pcm);
                    }
                    catch (SocketException) { }
                }
            }) { IsBackground = true };
            _reader.Start();
        }

        public RtpLeg Leg { get; }

        public int Samples
        {
            get { lock (_heard) return _heard.Count; }
        }

        /// <summary>The strongest 20 ms frame at <paramref name="hz"/> heard so far.</summary>
        public double Level(double hz) => Frames().Select(f => Goertzel.Amplitude(f, hz)).DefaultIfEmpty(0).Max();

        /// <summary>Index of the first 20 ms frame dominated by <paramref name="hz"/>, or -1.</summary>
        public int FirstFrameWith(double hz, double other) =>
            Frames().Select((f, i) => (f, i)).FirstOrDefault(x => Goertzel.Amplitude(x.f, hz) > 1000 && Goertzel.Amplitude(x.f, hz) > 4 * Goertzel.Amplitude(x.f, other), (null!, -1)).Item2;

        private List<short[]> Frames()
        {
            short[] heard;
            lock (_heard) heard = [.. _heard];
            return heard.Chunk(160).Where(c => c.Length == 160).ToList();
        }

        public void Dispose()
        {
            _closed = true;
            _reader.Join(1000);
            Leg.Dispose();
            _socket.Dispose();
        }
    }
}
