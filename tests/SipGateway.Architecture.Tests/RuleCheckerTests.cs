using SipGateway.Architecture.Tests.Samples;

namespace SipGateway.Architecture.Tests;

/// <summary>
/// The checker itself: fed a deliberately bad project graph, bad names and this assembly's Samples namespace (real
/// compiled code), each rule reports exactly the offenders, and nothing for the good ones.
/// </summary>
public sealed class RuleCheckerTests
{
    private static readonly Lazy<AssemblyFacts> Self = new(() => AssemblyFacts.Read(typeof(RuleCheckerTests).Assembly.Location));
    private static IEnumerable<TypeFacts> Samples => Self.Value.Types.Where(t => t.Namespace == typeof(SampleStatics).Namespace);

    private static Dictionary<string, IReadOnlySet<string>> Graph(params (string From, string[] To)[] edges) =>
        edges.ToDictionary(e => e.From, e => (IReadOnlySet<string>)e.To.ToHashSet());

    [Fact]
    public void Layer_rule_reports_each_upward_or_sideways_reference()
    {
        var offenders = LayerRule.Offenders(Graph(
            ("SipGateway.Sip", ["SipGateway.Calls"]),
            ("SipGateway.Routing", ["SipGateway.Storage"]),
            ("SipGateway.Media", []),
            ("SipGateway.Calls", ["SipGateway.Sip", "SipGateway.Storage", "SipGateway.Features.Paging"]),
            ("SipGateway.Features.Paging", ["SipGateway.Calls", "SipGateway.Sip", "SipGateway", "SipGateway.Features.Mobility"]),
            ("SipGateway", ["SipGateway.Calls", "SipGateway.Features.Paging", "SipGateway.Sip"])));
        Assert.Equal(
        [
            "SipGateway.Calls -> SipGateway.Features.Paging: Calls references only Sip, Media, Routing and Storage",
            "SipGateway.Features.Paging -> SipGateway: a feature references no host",
            "SipGateway.Features.Paging -> SipGateway.Features.Mobility: a feature references no other feature",
            "SipGateway.Routing -> SipGateway.Storage: a base layer (Sip, Media, Routing, Storage) references no other SipGateway project",
            "SipGateway.Sip -> SipGateway.Calls: a base layer (Sip, Media, Routing, Storage) references no other SipGateway project",
        ], offenders);
    }

    [Fact]
    public void Layer_rule_accepts_the_designed_graph()
    {
        Assert.Empty(LayerRule.Offenders(Graph(
            ("SipGateway.Sip", []), ("SipGateway.Media", []), ("SipGateway.Routing", []), ("SipGateway.Storage", []),
            ("SipGateway.Calls", ["SipGateway.Sip", "SipGateway.Media", "SipGateway.Routing", "SipGateway.Storage"]),
            ("SipGateway.Features.Paging", ["SipGateway.Calls", "SipGateway.Media"]),
            ("SipGateway", ["SipGateway.Calls", "SipGateway.Features.Paging", "SipGateway.Storage"]))));
    }

    [Fact]
    public void An_unknown_project_has_no_layer_and_may_not_be_referenced_by_calls()
    {
        Assert.Equal(["SipGateway.Extras: no layer (add it to LayerRule: base, call control, feature or host)"],
            LayerRule.Unclassified(["SipGateway.Sip", "SipGateway.Extras", "SipGateway.Features.Park", "SipGateway"]));
        Assert.Single(LayerRule.Offenders(Graph(("SipGateway.Calls", ["SipGateway.Extras"]))));
    }

    [Fact]
    public void Feature_naming_rule_finds_feature_words_in_types_and_files()
    {
        var terms = FeatureNamingRule.Terms(["SipGateway.Calls", "SipGateway.Features.Intercom"]);
        TypeFacts Type(string fullName) => new(fullName, fullName.Split('.', '+')[^1], false, [], []);
        var offenders = FeatureNamingRule.Offenders(
            [Type("SipGateway.Calls.CallControl.IDialCastHandler"), Type("SipGateway.Calls.CallControl.CallLeg"),
             Type("SipGateway.Calls.CallControl.DVOLeg"), Type("SipGateway.Calls.IntercomWhisper"),
             Type("SipGateway.Calls.CallControl.Call+ParkingSpace"), Type("SipGateway.Calls.CallControl.CallTeardown")],
            ["CallControl/BackToBackUserAgent.PersistentConnections.cs", "CallControl/Call.cs", "Conferencing/MeetMeBridge.cs",
             "Lines/CallForward.cs"],
            terms);
        Assert.Equal(
        [
            "type SipGateway.Calls.CallControl.DVOLeg names the feature 'Dvo'",
            "type SipGateway.Calls.CallControl.IDialCastHandler names the feature 'DialCast'",
            "type SipGateway.Calls.IntercomWhisper names the feature 'Intercom'",
            "file CallControl/BackToBackUserAgent.PersistentConnections.cs names the feature 'PersistentConnection'",
            "file Conferencing/MeetMeBridge.cs names the feature 'MeetMe'",
        ], offenders);
    }

    [Fact]
    public void Mutable_static_field_rule_reports_assignable_fields_arrays_and_collections()
    {
        Assert.Equal(
        [
            "SipGateway.Architecture.Tests.Samples.SampleStatics.Counter (System.Int32): public static and not readonly",
            "SipGateway.Architecture.Tests.Samples.SampleStatics.Index (System.Collections.Generic.Dictionary`2<System.String,System.Int32>): a readonly reference to a mutable collection",
            "SipGateway.Architecture.Tests.Samples.SampleStatics.Names (System.Collections.Generic.List`1<System.String>): a readonly reference to a mutable collection",
            "SipGateway.Architecture.Tests.Samples.SampleStatics.Table (System.Int32[]): a readonly array: its elements can still be written",
        ], MutableStaticFieldRule.Offenders(Samples));
    }

    [Fact]
    public void Feature_configuration_rule_reports_parameters_and_fields_of_configuration_types()
    {
        Assert.Equal(
        [
            "SipGateway.Architecture.Tests.Samples.SampleFeature..ctor takes Microsoft.Extensions.Configuration.IConfiguration",
            "SipGateway.Architecture.Tests.Samples.SampleFeature.Bind takes Microsoft.Extensions.Configuration.IConfigurationSection",
            "SipGateway.Architecture.Tests.Samples.SampleFeature.Read takes System.Func`2<Microsoft.Extensions.Configuration.IConfigurationRoot,System.Int32>",
            "SipGateway.Architecture.Tests.Samples.SampleFeature._configuration holds Microsoft.Extensions.Configuration.IConfiguration",
        ], FeatureConfigurationRule.Offenders(Samples));
    }

    [Fact]
    public void Test_fake_rule_reports_hand_driven_clocks_and_doubles()
    {
        Assert.Equal(
        [
            "SipGateway.Architecture.Tests.Samples.FakeTrunk: named as a test double: it belongs in a test project",
            "SipGateway.Architecture.Tests.Samples.ManualSampleClock: a hand-driven clock belongs in a test project (TimeProvider is the one clock; FakeTimeProvider for tests)",
            "SipGateway.Architecture.Tests.Samples.StubRegistrar: named as a test double: it belongs in a test project",
            "SipGateway.Architecture.Tests.Samples.VirtualTimeProvider: a hand-driven clock belongs in a test project (TimeProvider is the one clock; FakeTimeProvider for tests)",
        ], TestFakeRule.Offenders(Samples));
    }

    [Fact]
    public void Console_rule_reports_each_method_writing_to_the_console_including_lambdas()
    {
        var offenders = ConsoleOutputRule.Offenders(Samples);
        Assert.Contains("SipGateway.Architecture.Tests.Samples.NoisySample.Say calls System.Console.WriteLine", offenders);
        Assert.Contains("SipGateway.Architecture.Tests.Samples.NoisySample.Shout calls System.Console.get_Error", offenders);
        Assert.Single(offenders, o => o.StartsWith("SipGateway.Architecture.Tests.Samples.NoisySample+<>c.", StringComparison.Ordinal)
                                      && o.EndsWith("calls System.Console.Write", StringComparison.Ordinal));
        Assert.Equal(3, offenders.Count);
    }

    [Fact]
    public void A_listed_debt_fails_when_it_grows_and_when_an_entry_is_paid_off()
    {
        Offences.NoneBeyond("rule", ["a", "b"], ["a", "b"]);
        var grown = Assert.ThrowsAny<Exception>(() => Offences.NoneBeyond("rule", ["a", "b", "c"], ["a", "b"]));
        Assert.Contains("1 new offender(s):\n  c", grown.Message);
        var paid = Assert.ThrowsAny<Exception>(() => Offences.NoneBeyond("rule", ["a"], ["a", "b"]));
        Assert.Contains("1 listed offender(s) fixed: remove them from the list:\n  b", paid.Message);
    }

    [Fact]
    public void Partial_class_rule_reports_a_class_in_more_than_two_files()
    {
        var offenders = PartialClassRule.Offenders(
        [
            ("A.cs", "namespace X;\npublic sealed partial class Agent\n{\n}\ninternal static partial class AgentLog { }"),
            ("A.Routing.cs", "namespace X;\n\npublic sealed partial class Agent : IRouting\n{\n}"),
            ("A.Ending.cs", "namespace X;\n  partial class Agent { }"),
            ("B.cs", "namespace X;\npublic partial class Pair { }"),
            ("B.More.cs", "namespace X;\npublic partial class Pair { }"),
        ]);
        Assert.Equal(["Agent: A.Ending.cs, A.Routing.cs, A.cs"], offenders);
    }
}
