namespace SipGateway.Architecture.Tests;

/// <summary>Fails with every offender of a rule listed, one a line, so one run shows the whole job.</summary>
internal static class Offences
{
    public static void None(string rule, IReadOnlyList<string> offenders)
    {
        if (offenders.Count > 0)
            Assert.Fail($"{rule}: {offenders.Count} offender(s)\n  " + string.Join("\n  ", offenders));
    }

    /// <summary>
    /// A rule whose known offenders are being removed in steps: fails on any offender not in <paramref name="stillToFix"/>
    /// (the debt may not grow) and on any entry of it that no longer offends (the list must shrink with the code, so it
    /// always says exactly what is left).
    /// </summary>
    public static void NoneBeyond(string rule, IReadOnlyList<string> offenders, IReadOnlyCollection<string> stillToFix)
    {
        var added = offenders.Where(o => !stillToFix.Contains(o)).ToList();
        var fixedAlready = stillToFix.Where(o => !offenders.Contains(o)).ToList();
        if (added.Count == 0 && fixedAlready.Count == 0) return;
        Assert.Fail($"{rule}:" +
            (added.Count > 0 ? $"\n {added.Count} new offender(s):\n  " + string.Join("\n  ", added) : "") +
            (fixedAlready.Count > 0 ? $"\n {fixedAlready.Count} listed offender(s) fixed: remove them from the list:\n  " + string.Join("\n  ", fixedAlready) : ""));
    }
}
