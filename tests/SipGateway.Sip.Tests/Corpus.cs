namespace SipGateway.Sip.Tests;

/// <summary>Locates the copied SIP corpus (see data/SOURCE.md).</summary>
internal static class Corpus
{
    public static string Dir(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    public static byte[] Torture(string name) => File.ReadAllBytes(Path.Combine(Dir("rfc4475"), name + ".dat"));

    public static byte[] Real(string file) => File.ReadAllBytes(Path.Combine(Dir("real-messages"), file));

    public static IEnumerable<object[]> TortureNames() =>
        File.ReadAllLines(Path.Combine(Dir("rfc4475"), "EXPECTED.tsv")).Skip(1)
            .Where(l => l.Length > 0).Select(l => new object[] { l.Split('\t')[0] });

    public static IEnumerable<object[]> RealFiles() =>
        Directory.GetFiles(Dir("real-messages"), "*.txt").Select(f => new object[] { Path.GetFileName(f) });
}
