namespace SipGateway.Architecture.Tests;

/// <summary>Fails with every offender of a rule listed, one a line, so one run shows the whole job.</summary>
internal static class Offences
{
    public static void None(string rule, IReadOnlyList<string> offenders)
    {
        if (offenders.Count > 0)
            Assert.Fail($"{rule}: {offenders.Count} offender(s)\n  " + string.Join("\n  ", offenders));
    }
}
