namespace SipGateway.Architecture.Tests;

/// <summary>Dependencies point downward (DESIGN.md "Projects (src/)"): read from src/*/*.csproj and the built assemblies.</summary>
public sealed class LayeringTests
{
    [Fact]
    public void The_architecture_tests_see_every_layer()
    {
        var layers = RepositoryLayout.SourceProjects.Select(p => LayerRule.LayerOf(p.Name)).ToHashSet();
        Assert.Contains(Layer.Base, layers);
        Assert.Contains(Layer.CallControl, layers);
        Assert.Contains(Layer.Feature, layers);
        Assert.Contains(Layer.Host, layers);
        Assert.All(SourceAssemblies.Projects, p => Assert.NotEmpty(p.Assembly.Types));
    }

    [Fact]
    public void Every_src_project_has_a_layer() =>
        Offences.None("src projects without a layer", LayerRule.Unclassified(RepositoryLayout.SourceProjects.Select(p => p.Name)));

    [Fact]
    public void No_project_references_a_layer_above_it_or_a_sibling_feature() =>
        Offences.None("forbidden project references (Sip, Media, Routing, Storage reference no other project; Calls only those; " +
                      "features no host and no other feature)", LayerRule.Offenders(SourceAssemblies.References()));
}
