namespace SipGateway.Architecture.Tests;

/// <summary>Which SipGateway project may reference which (DESIGN.md "Projects (src/)", issue 15 "Must show").</summary>
internal static class LayerRule
{
    private static readonly string[] BaseProjects = ["SipGateway.Sip", "SipGateway.Media", "SipGateway.Routing", "SipGateway.Storage"];
    private const string FeaturePrefix = "SipGateway.Features.";

    public static Layer LayerOf(string project) => project switch
    {
        _ when BaseProjects.Contains(project, StringComparer.Ordinal) => Layer.Base,
        "SipGateway.Calls" => Layer.CallControl,
        "SipGateway" => Layer.Host,
        _ when project.StartsWith(FeaturePrefix, StringComparison.Ordinal) && project.Length > FeaturePrefix.Length => Layer.Feature,
        _ => Layer.Unclassified,
    };

    /// <summary>Why <paramref name="from"/> may not reference <paramref name="to"/>, or null when it may.</summary>
    public static string? Refusal(string from, string to)
    {
        var target = LayerOf(to);
        return LayerOf(from) switch
        {
            Layer.Base => "a base layer (Sip, Media, Routing, Storage) references no other SipGateway project",
            Layer.CallControl when target != Layer.Base => "Calls references only Sip, Media, Routing and Storage",
            Layer.Feature when target == Layer.Host => "a feature references no host",
            Layer.Feature when target == Layer.Feature => "a feature references no other feature",
            Layer.Feature when target == Layer.Unclassified => $"{to} has no layer in LayerRule",
            Layer.Unclassified => $"{from} has no layer in LayerRule",
            _ => null,
        };
    }

    /// <summary>Every forbidden reference in a project → referenced projects map, one line each.</summary>
    public static IReadOnlyList<string> Offenders(IReadOnlyDictionary<string, IReadOnlySet<string>> references) =>
        references.OrderBy(p => p.Key, StringComparer.Ordinal)
            .SelectMany(p => p.Value.Where(to => to != p.Key).Order(StringComparer.Ordinal)
                .Select(to => (From: p.Key, To: to, Why: Refusal(p.Key, to))))
            .Where(r => r.Why is not null)
            .Select(r => $"{r.From} -> {r.To}: {r.Why}")
            .ToList();

    /// <summary>Projects no layer of the table covers.</summary>
    public static IReadOnlyList<string> Unclassified(IEnumerable<string> projects) =>
        projects.Where(p => LayerOf(p) == Layer.Unclassified).Order(StringComparer.Ordinal)
            .Select(p => $"{p}: no layer (add it to LayerRule: base, call control, feature or host)")
            .ToList();
}
