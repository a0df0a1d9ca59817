namespace SipGateway.Architecture.Tests;

/// <summary>Every src project with the metadata of its built assembly, read once for all rules.</summary>
internal static class SourceAssemblies
{
    private static readonly Lazy<IReadOnlyList<(SourceProject Project, AssemblyFacts Assembly)>> All = new(() =>
        RepositoryLayout.SourceProjects.Select(p => (p, AssemblyFacts.Read(RepositoryLayout.AssemblyPath(p)))).ToList());

    public static IReadOnlyList<(SourceProject Project, AssemblyFacts Assembly)> Projects => All.Value;

    public static IEnumerable<TypeFacts> TypesOf(Func<SourceProject, bool> which) =>
        Projects.Where(p => which(p.Project)).SelectMany(p => p.Assembly.Types);

    /// <summary>Project → the SipGateway projects it references, by its csproj and by its built assembly (a reference
    /// the compiler dropped because nothing used it still counts: the csproj says it may).</summary>
    public static IReadOnlyDictionary<string, IReadOnlySet<string>> References()
    {
        var byAssembly = Projects.ToDictionary(p => p.Project.AssemblyName, p => p.Project.Name, StringComparer.Ordinal);
        return Projects.ToDictionary(
            p => p.Project.Name,
            p => (IReadOnlySet<string>)p.Project.ProjectReferences
                .Concat(p.Assembly.References.Where(byAssembly.ContainsKey).Select(a => byAssembly[a]))
                .Concat(p.Assembly.References.Where(a => a.StartsWith("SipGateway", StringComparison.Ordinal) && !byAssembly.ContainsKey(a)))
                .ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
