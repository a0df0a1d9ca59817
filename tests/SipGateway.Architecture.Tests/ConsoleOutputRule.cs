namespace SipGateway.Architecture.Tests;

/// <summary>
/// Library code logs through Microsoft.Extensions.Logging, never to the console (project standards): only the host
/// may write to stdout/stderr. Found from the IL: any call to System.Console's Write, WriteLine, Out or Error.
/// </summary>
internal static class ConsoleOutputRule
{
    private static readonly string[] ConsoleOutput =
        ["System.Console::WriteLine", "System.Console::Write", "System.Console::get_Out", "System.Console::get_Error"];

    public static IReadOnlyList<string> Offenders(IEnumerable<TypeFacts> types) =>
        types.SelectMany(t => t.Methods.SelectMany(m => m.Calls.Where(c => ConsoleOutput.Contains(c, StringComparer.Ordinal))
                .Select(c => $"{t.FullName}.{m.Name} calls {c.Replace("::", ".", StringComparison.Ordinal)}")))
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
}
