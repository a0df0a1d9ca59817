using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>
/// The ordered header fields of one message. Parsed headers point into the message's wire bytes and
/// are turned into strings only when read, so parsing allocates no string per header.
/// </summary>
public sealed class SipHeaders
{
    private struct Entry
    {
        public HeaderId Id;
        public int NameStart, NameLength, ValueStart, ValueLength;
        public string? Name, Value;
        public bool Folded;
    }

    private ReadOnlyMemory<byte> _raw;
    private Entry[] _entries;
    private int _count;

    public SipHeaders() : this(ReadOnlyMemory<byte>.Empty, 12) { }

    internal SipHeaders(ReadOnlyMemory<byte> raw, int capacity)
    {
        _raw = raw;
        _entries = new Entry[Math.Max(capacity, 4)];
    }

    public int Count => _count;

    internal void AddRaw(HeaderId id, int nameStart, int nameLength, int valueStart, int valueLength, bool folded)
    {
        Grow();
        _entries[_count++] = new Entry
        {
            Id = id, NameStart = nameStart, NameLength = nameLength, ValueStart = valueStart,
            ValueLength = valueLength, Folded = folded,
        };
    }

    public void Add(string name, string value) => Insert(_count, name, value);

    public void Add(HeaderId id, string value) => Insert(_count, HeaderNames.CanonicalName(id), value);

    /// <summary>Adds a header before all others (e.g. a new top Via or Record-Route).</summary>
    public void AddFirst(string name, string value) => Insert(0, name, value);

    private void Insert(int index, string name, string value)
    {
        Grow();
        Array.Copy(_entries, index, _entries, index + 1, _count - index);
        _entries[index] = new Entry { Id = HeaderNames.Identify(name), Name = name, Value = value, NameStart = -1 };
        _count++;
    }

    /// <summary>Replaces every field of that header with one value.</summary>
    public void Set(HeaderId id, string value)
    {
        int first = IndexOf(id);
        if (first < 0) { Add(id, value); return; }
        _entries[first] = new Entry { Id = id, Name = NameAt(first), Value = value, NameStart = -1 };
        for (int i = _count - 1; i > first; i--) if (_entries[i].Id == id) RemoveAt(i);
    }

    public void Set(string name, string value)
    {
        var id = HeaderNames.Identify(name);
        if (id != HeaderId.Other) { Set(id, value); return; }
        RemoveAll(name);
        Add(name, value);
    }

    public int RemoveAll(HeaderId id)
    {
        int removed = 0;
        for (int i = _count - 1; i >= 0; i--) if (_entries[i].Id == id) { RemoveAt(i); removed++; }
        return removed;
    }

    public int RemoveAll(string name)
    {
        var id = HeaderNames.Identify(name);
        if (id != HeaderId.Other) return RemoveAll(id);
        int removed = 0;
        for (int i = _count - 1; i >= 0; i--)
            if (_entries[i].Id == HeaderId.Other && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase)) { RemoveAt(i); removed++; }
        return removed;
    }

    /// <summary>Removes the first comma-separated value of the first field of that header (e.g. pop the top Via).</summary>
    public void RemoveFirstValue(HeaderId id)
    {
        int i = IndexOf(id);
        if (i < 0) return;
        var values = HeaderValueList.Split(ValueAt(i));
        if (values.Count <= 1) { RemoveAt(i); return; }
        _entries[i] = new Entry { Id = id, Name = NameAt(i), Value = string.Join(", ", values.Skip(1)), NameStart = -1 };
    }

    /// <summary>Replaces the first comma-separated value of the first field (e.g. add received/rport to the top Via).</summary>
    public void ReplaceFirstValue(HeaderId id, string value)
    {
        int i = IndexOf(id);
        if (i < 0) { Add(id, value); return; }
        var values = HeaderValueList.Split(ValueAt(i));
        values[0] = value;
        _entries[i] = new Entry { Id = id, Name = NameAt(i), Value = string.Join(", ", values), NameStart = -1 };
    }

    public void RemoveAt(int index)
    {
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        _count--;
        _entries[_count] = default;
    }

    private void Grow()
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
    }

    public HeaderId IdAt(int index) => _entries[index].Id;

    public string NameAt(int index)
    {
        ref var e = ref _entries[index];
        return e.Name ??= Encoding.ASCII.GetString(_raw.Span.Slice(e.NameStart, e.NameLength));
    }

    /// <summary>The field value; folded lines (RFC 3261 §7.3.1) read as one line with single spaces.</summary>
    public string ValueAt(int index)
    {
        ref var e = ref _entries[index];
        if (e.Value is not null) return e.Value;
        var span = _raw.Span.Slice(e.ValueStart, e.ValueLength);
        e.Value = e.Folded ? Unfold(span) : Encoding.UTF8.GetString(span);
        return e.Value;
    }

    internal bool TryGetRawValue(int index, out ReadOnlySpan<byte> value)
    {
        ref var e = ref _entries[index];
        if (e.NameStart < 0 || e.Folded) { value = default; return false; }
        value = _raw.Span.Slice(e.ValueStart, e.ValueLength);
        return true;
    }

    internal bool TryGetRawName(int index, out ReadOnlySpan<byte> name)
    {
        ref var e = ref _entries[index];
        if (e.NameStart < 0) { name = default; return false; }
        name = _raw.Span.Slice(e.NameStart, e.NameLength);
        return true;
    }

    private static string Unfold(ReadOnlySpan<byte> span)
    {
        var sb = new StringBuilder(span.Length);
        bool pendingSpace = false;
        foreach (var ch in Encoding.UTF8.GetString(span))
        {
            if (ch is '\r' or '\n' or ' ' or '\t')
            {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && sb.Length > 0) sb.Append(' ');
            pendingSpace = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }

    public int IndexOf(HeaderId id, int start = 0)
    {
        for (int i = start; i < _count; i++) if (_entries[i].Id == id) return i;
        return -1;
    }

    public int IndexOf(string name)
    {
        var id = HeaderNames.Identify(name);
        if (id != HeaderId.Other) return IndexOf(id);
        for (int i = 0; i < _count; i++)
            if (_entries[i].Id == HeaderId.Other && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    public bool Contains(HeaderId id) => IndexOf(id) >= 0;

    public int CountOf(HeaderId id)
    {
        int n = 0;
        for (int i = 0; i < _count; i++) if (_entries[i].Id == id) n++;
        return n;
    }

    /// <summary>The first field's whole value, or null.</summary>
    public string? this[HeaderId id] => IndexOf(id) is var i and >= 0 ? ValueAt(i) : null;

    public string? this[string name] => IndexOf(name) is var i and >= 0 ? ValueAt(i) : null;

    /// <summary>Every field's whole value, in order.</summary>
    public IEnumerable<string> GetFields(HeaderId id)
    {
        for (int i = 0; i < _count; i++) if (_entries[i].Id == id) yield return ValueAt(i);
    }

    public IEnumerable<string> GetFields(string name)
    {
        var id = HeaderNames.Identify(name);
        for (int i = 0; i < _count; i++)
        {
            if (id != HeaderId.Other ? _entries[i].Id == id
                : _entries[i].Id == HeaderId.Other && string.Equals(NameAt(i), name, StringComparison.OrdinalIgnoreCase))
                yield return ValueAt(i);
        }
    }

    /// <summary>All values of a list header, split at top-level commas across every field (§7.3.1).</summary>
    public List<string> GetValues(HeaderId id)
    {
        var list = new List<string>();
        for (int i = 0; i < _count; i++)
            if (_entries[i].Id == id) list.AddRange(HeaderValueList.Split(ValueAt(i)));
        return list;
    }

    public IEnumerable<(string Name, string Value)> All()
    {
        for (int i = 0; i < _count; i++) yield return (NameAt(i), ValueAt(i));
    }

    public SipHeaders Clone()
    {
        var copy = new SipHeaders(ReadOnlyMemory<byte>.Empty, _count + 4);
        for (int i = 0; i < _count; i++) copy.Add(NameAt(i), ValueAt(i));
        return copy;
    }
}
