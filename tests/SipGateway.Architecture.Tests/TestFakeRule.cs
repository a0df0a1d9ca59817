using System.Text.RegularExpressions;

namespace SipGateway.Architecture.Tests;

/// <summary>
/// Test fakes live in test projects (issue 15, "One clock": ManualClock, VirtualClock): no production type is a
/// hand-driven clock or time provider, or named as a fake, stub, mock or dummy.
/// </summary>
internal static partial class TestFakeRule
{
    public static IReadOnlyList<string> Offenders(IEnumerable<TypeFacts> types) =>
        types.Where(t => !t.IsCompilerGenerated)
            .Select(t => (Type: t, Why: Why(t.Name.Split('`')[0])))
            .Where(x => x.Why is not null)
            .Select(x => $"{x.Type.FullName}: {x.Why}")
            .Order(StringComparer.Ordinal)
            .ToList();

    private static string? Why(string name) =>
        HandDrivenClock().IsMatch(name) ? "a hand-driven clock belongs in a test project (TimeProvider is the one clock; FakeTimeProvider for tests)"
        : FakeName().IsMatch(name) ? "named as a test double: it belongs in a test project"
        : null;

    [GeneratedRegex("^(Manual|Virtual|Fake|Test|Stub|Mock|Controllable|Settable)[A-Za-z0-9]*(Clock|TimeProvider|Timer)$")]
    private static partial Regex HandDrivenClock();

    [GeneratedRegex("^(Fake|Stub|Mock|Dummy|Spy)([A-Z_]|$)")]
    private static partial Regex FakeName();
}
