using Microsoft.Extensions.Logging;
using SipGateway.Media.Relay;

namespace SipGateway.Features.Paging;

/// <summary>
/// One page (Cisco Paging Server basic paging, as in the UCM design guide): the caller hears a low stall tone while
/// every recipient phone is told to join, then a high go-ahead tone; then the caller's voice goes to each group as one
/// continuous mu-law RTP stream. When the caller hangs up the phones are told to leave and the streams stop; a caller
/// who hangs up during the stall tone pages nobody (no RTP is ever sent to the groups).
/// </summary>
internal sealed class Page : IDialCastPage
{
    private readonly PagingServer _server;
    private readonly CancellationTokenSource _ended = new();
    private readonly object _gate = new();
    private DialCastCall? _call;
    private LegPlayer? _tone;
    private int _state = (int)PageState.Stalling;

    public Page(PagingServer server, DialCastNumber number, IReadOnlyList<GroupStream> groups, IReadOnlyList<PageRecipient> recipients)
    {
        _server = server;
        Number = number;
        Groups = groups;
        Recipients = recipients;
        StartUtc = server.Time.GetUtcNow();
    }

    public DialCastNumber Number { get; }
    public IReadOnlyList<GroupStream> Groups { get; }
    public IReadOnlyList<PageRecipient> Recipients { get; }
    public string? CallId => _call?.CallId;
    public string? Caller => _call?.Caller;
    public DateTimeOffset StartUtc { get; }
    public DateTimeOffset? GoAheadUtc { get; private set; }
    public DateTimeOffset? LiveUtc { get; private set; }
    public string? EndReason { get; private set; }
    public PageState State => (PageState)Volatile.Read(ref _state);

    /// <summary>Completes when the page went live (voice relayed) or ended.</summary>
    public Task Running { get; private set; } = Task.CompletedTask;

    public void Start(DialCastCall call)
    {
        _call = call;
        Running = RunAsync(call);
    }

    private async Task RunAsync(DialCastCall call)
    {
        var log = _server.Log;
        var ct = _ended.Token;
        try
        {
            lock (_gate)
            {
                if (ct.IsCancellationRequested) return;
                _tone = LegPlayer.PlayTone(_server.Pacer, call.Media, _server.Tones.PagingStall);
            }
            var streamOf = Groups.ToDictionary(g => g.Group.Name);
            var joins = Task.WhenAll(Recipients.Select(r => r.JoinAsync(streamOf[r.Group.Name], ct)));
            var minimum = Task.Delay(_server.Options.MinimumStall, _server.Time, ct);
            try
            {
                await joins.WaitAsync(_server.Options.JoinTimeout, _server.Time, ct).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                log.NotEveryPhoneJoined(call.CallId, _server.Options.JoinTimeout);
            }
            await minimum.ConfigureAwait(false);
            LegPlayer goAhead;
            lock (_gate)
            {
                if (ct.IsCancellationRequested) return;
                _tone.Stop();
                _tone = goAhead = LegPlayer.PlayTone(_server.Pacer, call.Media, _server.Tones.PagingGoAhead);
                Volatile.Write(ref _state, (int)PageState.GoAhead);
                GoAheadUtc = _server.Time.GetUtcNow();
            }
            await goAhead.Completion.WaitAsync(ct).ConfigureAwait(false);
            lock (_gate)
            {
                if (ct.IsCancellationRequested) return;
                call.Media.Forward = new CallerVoiceTap(Groups.Select(g => g.Audio).ToList());
                foreach (var group in Groups) group.Start(_server.Pacer);
                Volatile.Write(ref _state, (int)PageState.Live);
                LiveUtc = _server.Time.GetUtcNow();
            }
            log.PageLive(call.CallId,
                Number.Number, Recipients.Count(r => r.State == RecipientState.Joined), Recipients.Count,
                string.Join(", ", Groups.Select(g => $"{g.Group.Name}={g.Multicast?.ToString() ?? "unicast"}")));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            log.PageFailed(ex, call.CallId);
        }
    }

    public void End(string reason)
    {
        lock (_gate)
        {
            if (_state == (int)PageState.Ended) return;
            bool wasLive = _state == (int)PageState.Live;
            Volatile.Write(ref _state, (int)PageState.Ended);
            EndReason = reason;
            _ended.Cancel();
            _tone?.Stop();
            if (_call is { } call && wasLive) call.Media.Forward = null;
            foreach (var group in Groups) group.Dispose();
        }
        _server.Remove(this);
        _server.Log.PageEnded(CallId, Number.Number, reason);
        // Phones are told to leave off the SIP thread; the page is already gone from the active list.
        _ = Task.Run(async () =>
        {
            using var leave = new CancellationTokenSource(_server.Options.JoinTimeout);
            await Task.WhenAll(Recipients.Select(r => r.LeaveAsync(leave.Token))).ConfigureAwait(false);
        });
    }
}
