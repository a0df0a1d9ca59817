namespace SipGateway.Calls.Lines;

/// <summary>
/// The line rules of every directory number, and how many calls each line carries right now (calls it placed plus
/// calls offered to it), which the busy trigger and maximum-calls checks read.
/// </summary>
public sealed class LineDirectory
{
    private volatile Dictionary<string, LineRules> _rules;
    private readonly Dictionary<string, int> _active = new(StringComparer.Ordinal);

    public LineDirectory(IEnumerable<LineRules> rules) => _rules = Index(rules);

    private static Dictionary<string, LineRules> Index(IEnumerable<LineRules> rules)
    {
        var index = new Dictionary<string, LineRules>(StringComparer.Ordinal);
        // A DN shared by several devices keeps the first configuration (UCM keeps forward settings per DN, not per device).
        foreach (var r in rules) index.TryAdd(r.Dn, r);
        return index;
    }

    /// <summary>New rules for every DN at once (a rebuilt dial plan); the call counts of busy lines stay.</summary>
    public void ReplaceRules(IEnumerable<LineRules> rules) => _rules = Index(rules);

    public static LineDirectory Empty { get; } = new([]);

    /// <summary>Run-time changes (CTI Call Forward All / Do Not Disturb) applied over the configured rules; null: none.</summary>
    public ILineRuleOverrides? Overrides { get; set; }

    public LineRules? Get(string dn) => Overrides is { } o ? o.Apply(dn, _rules.GetValueOrDefault(dn)) : _rules.GetValueOrDefault(dn);

    public int ActiveCalls(string dn)
    {
        lock (_active) return _active.GetValueOrDefault(dn);
    }

    /// <summary>Takes one call slot of the line unless that would exceed <paramref name="limit"/>.</summary>
    public bool TryOccupy(string dn, int limit)
    {
        lock (_active)
        {
            int n = _active.GetValueOrDefault(dn);
            if (n >= limit) return false;
            _active[dn] = n + 1;
            return true;
        }
    }

    public void Release(string dn)
    {
        lock (_active)
        {
            int n = _active.GetValueOrDefault(dn);
            if (n <= 1) _active.Remove(dn);
            else _active[dn] = n - 1;
        }
    }
}
