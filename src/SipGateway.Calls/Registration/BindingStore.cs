using SipGateway.Sip.Message;
using SipGateway.Sip.Timing;

namespace SipGateway.Calls.Registration;

/// <summary>
/// The registrar's bindings: per canonical AOR a list of contacts, plus an index by device. One lock guards
/// both so a REGISTER is applied all-or-nothing (RFC 3261 §10.3 step 7: commit only if every update succeeds)
/// and lookups never see half an update. Expired bindings are invisible to every read and are removed lazily
/// (on the next update of their AOR) or by <see cref="PurgeExpired"/>.
/// </summary>
public sealed class BindingStore
{
    private readonly object _gate = new();
    private readonly Dictionary<string, List<ContactBinding>> _byAor = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _aorsByDevice = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public BindingStore(TimeProvider time) => _time = time;

    public BindingUpdateResult Apply(BindingRequest request, int maxContacts)
    {
        var now = _time.GetMonotonicTime();
        lock (_gate)
        {
            var current = _byAor.TryGetValue(request.AorKey, out var list) ? list.Where(b => b.IsLive(now)).ToList() : [];
            var working = new List<ContactBinding>(current);
            var touched = new HashSet<ContactBinding>(ReferenceEqualityComparer.Instance);

            if (request.RemoveAll)
            {
                // §10.3 step 6: a binding with the same Call-ID and a CSeq not below the request's aborts the request.
                if (working.Any(b => b.CallId == request.CallId && request.CSeq <= b.CSeq))
                    return new(BindingUpdateStatus.OutOfOrder, current, [], []);
                working.Clear();
            }

            foreach (var change in request.Changes)
            {
                int i = working.FindIndex(b => SameContact(b.Uri, change.Uri));
                if (i >= 0)
                {
                    var existing = working[i];
                    // §10.3 step 7: same Call-ID needs a higher CSeq, unless this very request put it there
                    // (the same contact twice in one REGISTER).
                    if (!touched.Contains(existing) && existing.CallId == request.CallId && request.CSeq <= existing.CSeq)
                        return new(BindingUpdateStatus.OutOfOrder, current, [], []);
                    working.RemoveAt(i);
                }
                if (change.Expires == 0) continue;
                var binding = new ContactBinding
                {
                    Device = request.Device,
                    Aor = request.Aor,
                    AorKey = request.AorKey,
                    Uri = change.Uri.ToString(),
                    ContactParameters = change.ContactParameters,
                    Q = change.Q,
                    Source = request.Source,
                    CallId = request.CallId,
                    CSeq = request.CSeq,
                    UserAgent = request.UserAgent,
                    RefreshedAt = now,
                    ExpiresAt = now + TimeSpan.FromSeconds(change.Expires),
                };
                working.Insert(i >= 0 ? i : working.Count, binding);
                touched.Add(binding);
            }

            if (touched.Count > maxContacts) return new(BindingUpdateStatus.TooManyContacts, current, [], []);
            // Bound memory: a phone that reboots onto a new port and Call-ID leaves its old binding behind until it
            // expires; drop the least recently refreshed of those rather than refuse the phone.
            while (working.Count > maxContacts)
            {
                var oldest = working.Where(b => !touched.Contains(b)).MinBy(b => b.RefreshedAt)!;
                working.Remove(oldest);
            }

            Commit(request.AorKey, list, working);
            var added = working.Where(w => !current.Any(c => c.Uri == w.Uri)).ToList();
            var removed = current.Where(c => !working.Any(w => w.Uri == c.Uri)).ToList();
            return new(BindingUpdateStatus.Applied, working.ToList(), added, removed);
        }
    }

    private void Commit(string aorKey, List<ContactBinding>? previous, List<ContactBinding> next)
    {
        if (previous is not null)
            foreach (var b in previous) Unindex(b.Device, aorKey);
        if (next.Count == 0) _byAor.Remove(aorKey);
        else _byAor[aorKey] = next;
        foreach (var b in next)
        {
            if (!_aorsByDevice.TryGetValue(b.Device, out var set)) _aorsByDevice[b.Device] = set = new(StringComparer.Ordinal);
            set.Add(aorKey);
        }
    }

    private void Unindex(string device, string aorKey)
    {
        if (!_aorsByDevice.TryGetValue(device, out var set)) return;
        set.Remove(aorKey);
        if (set.Count == 0) _aorsByDevice.Remove(device);
    }

    /// <summary>RFC 3261 §10.3 step 7: contacts are matched with the URI comparison rules of §19.1.4.</summary>
    private static bool SameContact(string stored, SipUri candidate) =>
        SipUri.TryParse(stored, out var uri) ? uri.EquivalentTo(candidate) : stored == candidate.ToString();

    public IReadOnlyList<ContactBinding> ForAor(string aorKey)
    {
        var now = _time.GetMonotonicTime();
        lock (_gate)
            return _byAor.TryGetValue(aorKey, out var list) ? list.Where(b => b.IsLive(now)).ToList() : [];
    }

    public IReadOnlyList<ContactBinding> ForDevice(string device)
    {
        var now = _time.GetMonotonicTime();
        lock (_gate)
        {
            if (!_aorsByDevice.TryGetValue(device, out var aors)) return [];
            return aors.SelectMany(a => _byAor[a]).Where(b => b.Device == device && b.IsLive(now)).ToList();
        }
    }

    public IReadOnlyList<ContactBinding> All()
    {
        var now = _time.GetMonotonicTime();
        lock (_gate) return _byAor.Values.SelectMany(l => l).Where(b => b.IsLive(now)).ToList();
    }

    /// <summary>Removes expired bindings; returns how many went. The host may call it on a timer to bound memory.</summary>
    public int PurgeExpired()
    {
        var now = _time.GetMonotonicTime();
        int count = 0;
        lock (_gate)
        {
            foreach (var key in _byAor.Keys.ToList())
            {
                var list = _byAor[key];
                var live = list.Where(b => b.IsLive(now)).ToList();
                if (live.Count == list.Count) continue;
                count += list.Count - live.Count;
                Commit(key, list, live);
            }
        }
        return count;
    }
}
