using System.Text.RegularExpressions;

namespace SipGateway.Architecture.Tests;

/// <summary>
/// Issue 15's shape rule: a class needing more than two partial files wants to be several classes (the B2BUA was
/// one class in 22). Read from the source text: partial declarations are a compile-time notion the assembly loses.
/// </summary>
public static partial class PartialClassRule
{
    public const int MaxFiles = 2;

    [GeneratedRegex(@"^\s*(?:(?:public|internal|private|protected|sealed|static|abstract|readonly)\s+)*partial\s+(?:class|struct|record)\s+(\w+)",
        RegexOptions.Multiline)]
    private static partial Regex PartialDeclaration();

    /// <summary>"Namespace-less class name: file, file, file" for each class declared partial in more than two files.</summary>
    public static IReadOnlyList<string> Offenders(IEnumerable<(string File, string Text)> sources) =>
        sources
            .SelectMany(s => PartialDeclaration().Matches(s.Text).Select(m => (Class: m.Groups[1].Value, s.File)))
            .GroupBy(d => d.Class, d => d.File)
            .Select(g => (Class: g.Key, Files: g.Distinct().Order(StringComparer.Ordinal).ToList()))
            .Where(g => g.Files.Count > MaxFiles)
            .Select(g => $"{g.Class}: {string.Join(", ", g.Files)}")
            .Order(StringComparer.Ordinal)
            .ToList();
}
