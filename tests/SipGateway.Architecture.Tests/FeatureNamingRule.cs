using System.Text.RegularExpressions;

namespace SipGateway.Architecture.Tests;

/// <summary>
/// "SipGateway.Calls contains no type or file named after a feature" (issue 15): call control offers hooks (a route
/// handler after digit analysis, call events) and names none of the features that plug into them.
/// </summary>
internal static partial class FeatureNamingRule
{
    /// <summary>
    /// The features of DESIGN.md and issue 15 (wave 1 and wave 2), by their UCM names and the names the code has used for
    /// them; the feature projects' own names (SipGateway.Features.X) are added by <see cref="Terms"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> KnownFeatures =
    [
        "Paging", "Page", "Pager", "DialCast",
        "PersistentConnection", "RemoteDevice", "RemoteDestination", "ExtendConnect", "ExtendAndConnect", "Cti",
        "DialViaOffice", "Dvo", "Mobility", "ExtensionMobility",
        "MeetMe", "WebDialer", "Assistant", "Attendant", "CallPark", "Park", "IpPhoneService",
    ];

    /// <summary>The known features plus every src/SipGateway.Features.X project's X.</summary>
    public static IReadOnlyList<string> Terms(IEnumerable<string> projects) =>
        KnownFeatures.Concat(projects.Where(p => LayerRule.LayerOf(p) == Layer.Feature).Select(p => p["SipGateway.Features.".Length..]))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The feature a name mentions (its words contain the feature's words in a row), or null.</summary>
    public static string? FeatureIn(string name, IReadOnlyList<string> terms)
    {
        var words = Words(name);
        foreach (var term in terms)
        {
            var t = Words(term);
            for (int i = 0; i + t.Count <= words.Count; i++)
                if (words.Skip(i).Take(t.Count).SequenceEqual(t)) return term;
        }
        return null;
    }

    /// <summary>Offending types (simple or nested names, namespaces below SipGateway.Calls) and source files (folders and
    /// dotted file names under src/SipGateway.Calls), one line each.</summary>
    public static IReadOnlyList<string> Offenders(IEnumerable<TypeFacts> types, IEnumerable<string> relativeFiles, IReadOnlyList<string> terms)
    {
        var offenders = new List<string>();
        foreach (var type in types.Where(t => !t.IsCompilerGenerated).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            string local = type.FullName.StartsWith("SipGateway.Calls.", StringComparison.Ordinal) ? type.FullName["SipGateway.Calls.".Length..] : type.FullName;
            if (FeatureIn(local, terms) is { } feature) offenders.Add($"type {type.FullName} names the feature '{feature}'");
        }
        foreach (var file in relativeFiles.Order(StringComparer.Ordinal))
            if (FeatureIn(Path.ChangeExtension(file, null), terms) is { } feature) offenders.Add($"file {file} names the feature '{feature}'");
        return offenders;
    }

    /// <summary>PascalCase words, lower case, singular ("IPersistentConnections.Paging" → i, persistent, connection, paging).</summary>
    public static IReadOnlyList<string> Words(string name) =>
        WordPattern().Matches(name).Select(m => Singular(m.Value.ToLowerInvariant())).ToList();

    private static string Singular(string word) =>
        word.Length > 3 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;

    // An acronym (DVO in DVOLeg), a capitalised word, or a run of lower case / digits; everything else separates.
    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")]
    private static partial Regex WordPattern();
}
