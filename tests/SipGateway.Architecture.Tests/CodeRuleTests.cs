namespace SipGateway.Architecture.Tests;

/// <summary>The code rules of issue 15 and the project standards, checked on every built src assembly.</summary>
public sealed class CodeRuleTests
{
    private static bool IsFeature(SourceProject p) => LayerRule.LayerOf(p.Name) == Layer.Feature;
    private static bool IsLibrary(SourceProject p) => LayerRule.LayerOf(p.Name) != Layer.Host;

    [Fact]
    public void No_public_static_field_is_mutable() =>
        Offences.None("mutable public static fields in src", MutableStaticFieldRule.Offenders(SourceAssemblies.TypesOf(_ => true)));

    [Fact]
    public void Library_code_does_not_write_to_the_console() =>
        Offences.None("console output in library code (log through ILogger)", ConsoleOutputRule.Offenders(SourceAssemblies.TypesOf(IsLibrary)));

    [Fact]
    public void No_test_fake_ships_in_a_production_assembly() =>
        Offences.None("test fakes in src assemblies", TestFakeRule.Offenders(SourceAssemblies.TypesOf(_ => true)));

    [Fact]
    public void Features_receive_typed_options_never_configuration() =>
        Offences.None("feature code taking IConfiguration", FeatureConfigurationRule.Offenders(SourceAssemblies.TypesOf(IsFeature)));

    [Fact]
    public void Call_control_names_no_feature()
    {
        var calls = SourceAssemblies.Projects.Single(p => LayerRule.LayerOf(p.Project.Name) == Layer.CallControl);
        var files = Directory.GetFiles(calls.Project.Directory, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(calls.Project.Directory, f).Replace('\\', '/'))
            .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal));
        var terms = FeatureNamingRule.Terms(RepositoryLayout.SourceProjects.Select(p => p.Name));
        Offences.NoneBeyond("SipGateway.Calls names a feature (it offers hooks; features plug in)",
            FeatureNamingRule.Offenders(calls.Assembly.Types, files, terms), []);
    }

    /// <summary>Older than the rule; the list only shrinks (the RTP leg is split when issue 18 reworks media per codec).</summary>
    private static readonly string[] PartialClassesStillToSplit =
    [
        "SipGateway.Media: RtpLeg: Relay/RtpLeg.cs, Relay/RtpLegDtmf.cs, Relay/RtpLegForwarding.cs, Relay/RtpLegReceiving.cs",
    ];

    [Fact]
    public void No_class_is_spread_over_more_than_two_partial_files()
    {
        var offenders = RepositoryLayout.SourceProjects.SelectMany(p =>
            PartialClassRule.Offenders(Directory.GetFiles(p.Directory, "*.cs", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(p.Directory, f).Replace('\\', '/'))
                .Where(f => !f.StartsWith("bin/", StringComparison.Ordinal) && !f.StartsWith("obj/", StringComparison.Ordinal))
                .Select(f => (f, File.ReadAllText(Path.Combine(p.Directory, f)))))
            .Select(o => $"{p.Name}: {o}")).ToList();
        Offences.NoneBeyond($"classes in more than {PartialClassRule.MaxFiles} partial files (one class, one concern: split it)", offenders,
            PartialClassesStillToSplit);
    }
}
