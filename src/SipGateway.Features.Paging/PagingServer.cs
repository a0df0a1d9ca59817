using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Media.Multicast;
using SipGateway.Media.Pacing;
using SipGateway.Media.Tones;

namespace SipGateway.Features.Paging;

/// <summary>
/// The paging server: knows the DialCast numbers, admits pages up to <see cref="PagingOptions.MaxConcurrentPages"/>,
/// builds each page's recipients (skipping busy phones where the group says so) and lists the active pages.
/// A recipient group carries one page at a time: two simultaneous pages must go to different groups.
/// </summary>
public sealed class PagingServer : IDisposable
{
    private readonly Dictionary<(string Number, string Partition), DialCastNumber> _numbers = new();
    private readonly HashSet<string> _busyGroups = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Page> _pages = [];
    private readonly Func<string, bool> _isBusy;
    private readonly CiscoExecuteClient _cisco;
    private readonly MulticastOptions _multicast;
    private readonly BackToBackUserAgent? _calls;
    private readonly Lazy<LinksysControlSender> _linksys;

    /// <param name="isBusy">Whether a device is on a call now (for groups with SkipBusy).</param>
    /// <param name="calls">Call control, whose originate API places the auto-answer calls of SipUnicast phones.</param>
    public PagingServer(PagingOptions options, PacedSender pacer, ToneOptions tones, Func<string, bool> isBusy, HttpClient http,
        TimeProvider time, ILogger<PagingServer> logger, BackToBackUserAgent? calls = null)
    {
        _calls = calls;
        _linksys = new(() => new LinksysControlSender(options.MulticastInterface, options.Ttl));
        Options = options;
        Pacer = pacer;
        Tones = tones;
        Time = time;
        Log = logger;
        _isBusy = isBusy;
        _cisco = new CiscoExecuteClient(http);
        _multicast = new MulticastOptions { Interface = options.MulticastInterface, Ttl = options.Ttl };
        foreach (var n in options.DialCast) _numbers[(n.Number, n.Partition ?? "")] = n;
    }

    public PagingOptions Options { get; }
    internal PacedSender Pacer { get; }
    internal ToneOptions Tones { get; }
    internal TimeProvider Time { get; }
    internal ILogger Log { get; }

    public int ActivePages
    {
        get { lock (_pages) return _pages.Count; }
    }

    /// <summary>
    /// Reserves a page for <paramref name="number"/> in <paramref name="partition"/>. Returns null with a null
    /// <paramref name="refusal"/> when the number is not a DialCast number (route it normally); null with a refusal
    /// when it is one but no page can start now (the caller gets 503 with that reason).
    /// </summary>
    public IDialCastPage? Reserve(string number, string? partition, out string? refusal)
    {
        refusal = null;
        if (!_numbers.TryGetValue((number, partition ?? ""), out var dialCast)) return null;
        var groups = dialCast.RecipientGroups.Select(g => Options.RecipientGroups[g]).ToList();
        Page page;
        lock (_pages)
        {
            if (_pages.Count >= Options.MaxConcurrentPages)
            {
                refusal = $"{Options.MaxConcurrentPages} pages already active (Paging:MaxConcurrentPages)";
                return null;
            }
            if (groups.FirstOrDefault(g => _busyGroups.Contains(g.Name)) is { } busy)
            {
                refusal = $"recipient group {busy.Name} is already being paged";
                return null;
            }
            var streams = groups.Select(g => new GroupStream(g, _multicast)).ToList();
            page = new Page(this, dialCast, streams, groups.SelectMany(g => RecipientsOf(g, dialCast)).ToList());
            foreach (var g in groups) _busyGroups.Add(g.Name);
            _pages.Add(page);
        }
        return page;
    }

    private IEnumerable<PageRecipient> RecipientsOf(RecipientGroup group, DialCastNumber number)
    {
        foreach (var device in group.Devices)
        {
            var phone = Options.Phones.TryGetValue(device, out var p) ? p : new PagingPhone(device, PagingMode.Multicast);
            PageRecipient recipient = phone.Mode switch
            {
                PagingMode.CiscoExecute => new CiscoExecuteRecipient(phone, group, _cisco),
                PagingMode.Linksys => new LinksysControlRecipient(phone, group, _linksys.Value),
                PagingMode.SipUnicast when _calls is not null => new SipUnicastRecipient(phone, group, _calls, "Page " + number.Number),
                _ => new MulticastRecipient(device, group),
            };
            // UCM's guide: busy phones are skipped when the group says so; Do Not Disturb does not stop a page.
            if (group.SkipBusy && _isBusy(device)) recipient.State = RecipientState.SkippedBusy;
            yield return recipient;
        }
    }

    internal void Remove(Page page)
    {
        lock (_pages)
        {
            if (!_pages.Remove(page)) return;
            foreach (var g in page.Groups) _busyGroups.Remove(g.Group.Name);
        }
    }

    /// <summary>The active pages with their groups and recipients (GET /api/pages).</summary>
    public IReadOnlyList<PageView> Snapshot()
    {
        Page[] pages;
        lock (_pages) pages = [.. _pages];
        return pages.Select(p => new PageView(
            p.CallId, p.Number.Number, p.Number.Partition, p.Caller, p.State.ToString(), p.StartUtc, p.GoAheadUtc,
            p.Groups.Select(g => new PageGroupView(g.Group.Name, g.Multicast?.ToString(), g.PacketsSent)).ToList(),
            p.Recipients.Select(r => new PageRecipientView(r.Device, r.Mode.ToString(), r.Group.Name, r.State.ToString(), r.Error)).ToList()))
            .ToList();
    }

    public void Dispose()
    {
        if (_linksys.IsValueCreated) _linksys.Value.Dispose();
    }

    /// <summary>Pages not yet answered or still running (for tests and the benchmark).</summary>
    internal IReadOnlyList<Page> Pages
    {
        get { lock (_pages) return [.. _pages]; }
    }
}
