namespace SipGateway.Architecture.Tests;

/// <summary>
/// No public static field is mutable: not assignable (static, not readonly, not const), and not a readonly reference
/// to something anyone can change (an array, a mutable collection). Shared state goes through an owner's methods.
/// </summary>
internal static class MutableStaticFieldRule
{
    private static readonly string[] MutableCollections =
    [
        "System.Collections.Generic.List`1", "System.Collections.Generic.Dictionary`2", "System.Collections.Generic.HashSet`1",
        "System.Collections.Generic.Queue`1", "System.Collections.Generic.Stack`1", "System.Collections.Generic.LinkedList`1",
        "System.Collections.Generic.SortedDictionary`2", "System.Collections.Generic.SortedList`2", "System.Collections.Generic.SortedSet`1",
        "System.Collections.Generic.PriorityQueue`2",
        "System.Collections.Generic.ICollection`1", "System.Collections.Generic.IList`1", "System.Collections.Generic.IDictionary`2",
        "System.Collections.Generic.ISet`1",
        "System.Collections.Concurrent.ConcurrentDictionary`2", "System.Collections.Concurrent.ConcurrentQueue`1",
        "System.Collections.Concurrent.ConcurrentBag`1", "System.Collections.Concurrent.ConcurrentStack`1",
        "System.Collections.Concurrent.BlockingCollection`1",
        "System.Collections.ArrayList", "System.Collections.Hashtable", "System.Collections.IList", "System.Collections.IDictionary",
        "System.Collections.ObjectModel.Collection`1", "System.Collections.ObjectModel.ObservableCollection`1",
        "System.Memory`1", "System.Span`1", "System.Text.StringBuilder",
    ];

    public static IReadOnlyList<string> Offenders(IEnumerable<TypeFacts> types) =>
        types.Where(t => !t.IsCompilerGenerated)
            .SelectMany(t => t.Fields.Where(f => f.IsPublic && f.IsStatic && !f.IsConstant && !f.Name.StartsWith('<'))
                .Select(f => (Type: t, Field: f, Why: Why(f))))
            .Where(x => x.Why is not null)
            .Select(x => $"{x.Type.FullName}.{x.Field.Name} ({x.Field.TypeName}): {x.Why}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string? Why(FieldFacts field)
    {
        if (!field.IsReadOnly) return "public static and not readonly";
        if (field.TypeName.EndsWith(']')) return "a readonly array: its elements can still be written";
        string generic = field.TypeName.Split('<')[0];
        return MutableCollections.Contains(generic, StringComparer.Ordinal) ? "a readonly reference to a mutable collection" : null;
    }
}
