using System.Text;

namespace SipGateway.Sip.Message;

/// <summary>
/// The ordered header fields of one message. Parsed headers point into the message's wire bytes and
/// are turned into strings only when read, so parsing allocates no string per header.
/// </summary>
public sealed class SipHeaders
{
    // Entries hold offsets only; strings live in side arrays allocated on first use, so a parsed message that is
    // only routed (never has its header values read) costs one small array of entries.
    private struct Entry
    {
        public HeaderId Id;
        public bool Folded;
        public int NameStart, NameLength, ValueStart, ValueLength;
    }

    private ReadOnlyMemory<byte> _raw;
    private Entry[] _entries;
    private string?[]? _names, _values;
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
        if (_names is not null) { _names[_count - 1] = null; _values![_count - 1] = null; }
    }

    public void Add(string name, string value) => Insert(_count, name, value);

    public void Add(HeaderId id, string value) => Insert(_count, HeaderNames.CanonicalName(id), value);

    /// <summary>Adds a header before all others (e.g. a new top Via or Record-Route).</summary>
    public void AddFirst(string name, string value) => Insert(0, name, value);

    private void Insert(int index, string name, string value)
    {
        Grow();
        EnsureStrings();
        Array.Copy(_entries, index, _entries, index + 1, _count - index);
        Array.Copy(_names!, index, _names!, index + 1, _count - index);
        Array.Copy(_values!, index, _values!, index + 1, _count - index);
        _entries[index] = new Entry { Id = HeaderNames.Identify(name), NameStart = -1 };
        _names![index] = name;
        _values![index] = value;
        _count++;
    }

    /// <summary>Replaces every field of that header with one value.</summary>
    public void Set(HeaderId id, string value)
    {
        int first = IndexOf(id);
        if (first < 0) { Add(id, value); return; }
        Replace(first, id, value);
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
        Replace(i, id, string.Join(", ", values.Skip(1)));
    }

    /// <summary>Replaces the first comma-separated value of the first field (e.g. add received/rport to the top Via).</summary>
    public void ReplaceFirstValue(HeaderId id, string value)
    {
        int i = IndexOf(id);
        if (i < 0) { Add(id, value); return; }
        var values = HeaderValueList.Split(ValueAt(i));
        values[0] = value;
        Replace(i, id, string.Join(", ", values));
    }

    public void RemoveAt(int index)
    {
        Array.Copy(_entries, index + 1, _entries, index, _count - index - 1);
        if (_names is not null)
        {
            Array.Copy(_names, index + 1, _names, index, _count - index - 1);
            Array.Copy(_values!, index + 1, _values!, index, _count - index - 1);
            _names[_count - 1] = _values![_count - 1] = null;
        }
        _count--;
        _entries[_count] = default;
    }

    /// <summary>Gives field <paramref name="index"/> a new value, keeping its name as written.</summary>
    private void Replace(int index, HeaderId id, string value)
    {
        var name = NameAt(index);
        _entries[index] = new Entry { Id = id, NameStart = -1 };
        _names![index] = name;
        _values![index] = value;
    }

    private void EnsureStrings()
    {
        if (_names is null)
        {
            _names = new string?[_entries.Length];
            _values = new string?[_entries.Length];
        }
        else if (_names.Length < _entries.Length)
        {
            Array.Resize(ref _names, _entries.Length);
            Array.Resize(ref _values, _entries.Length);
        }
    }

    private void Grow()
    {
        if (_count == _entries.Length) Array.Resize(ref _entries, _entries.Length * 2);
        if (_names is not null) EnsureStrings();
    }

    public HeaderId IdAt(int index) => _entries[index].Id;

    public string NameAt(int index)
    {
        EnsureStrings();
        ref var e = ref _entries[index];
        return _names![index] ??= Encoding.ASCII.GetString(_raw.Span.Slice(e.NameStart, e.NameLength));
    }

    /// <summary>The field value; folded lines (RFC 3261 §7.3.1) read as one line with single spaces.</summary>
    public string ValueAt(int index)
    {
        EnsureStrings();
        if (_values![index] is { } cached) return cached;
        ref var e = ref _entries[index];
        var span = _raw.Span.Slice(e.ValueStart, e.ValueLength);
        return _values[index] = e.Folded ? Unfold(span) : Encoding.UTF8.GetString(span);
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
