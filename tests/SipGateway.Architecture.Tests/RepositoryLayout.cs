using System.Xml.Linq;

namespace SipGateway.Architecture.Tests;

/// <summary>One project under src/: its name, the assembly it builds and the SipGateway projects its csproj references.</summary>
internal sealed record SourceProject(string Name, string AssemblyName, string Directory, IReadOnlyList<string> ProjectReferences);

/// <summary>
/// Where the rules read from: the repository (found by walking up to SipGateway.sln) for src/*/*.csproj and source file
/// names, and this test's output folder for the built assemblies (every src project is referenced by a wildcard).
/// </summary>
internal static class RepositoryLayout
{
    public static string Root { get; } = FindRoot();

    public static IReadOnlyList<SourceProject> SourceProjects { get; } = ReadProjects();

    /// <summary>The built assembly of a src project, copied next to this test by the wildcard ProjectReference.</summary>
    public static string AssemblyPath(SourceProject project)
    {
        var path = Path.Combine(AppContext.BaseDirectory, project.AssemblyName + ".dll");
        if (!File.Exists(path))
            throw new FileNotFoundException(
                $"{project.Name} is not built next to the architecture tests ({path}); " +
                "tests/SipGateway.Architecture.Tests references ../../src/*/*.csproj: build that project", path);
        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SipGateway.sln")) && System.IO.Directory.Exists(Path.Combine(dir.FullName, "src")))
                return dir.FullName;
        throw new DirectoryNotFoundException("SipGateway.sln not found above " + AppContext.BaseDirectory);
    }

    private static IReadOnlyList<SourceProject> ReadProjects()
    {
        var projects = new List<SourceProject>();
        foreach (var csproj in System.IO.Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var xml = XDocument.Load(csproj);
            string name = Path.GetFileNameWithoutExtension(csproj);
            string assembly = xml.Descendants("AssemblyName").Select(e => e.Value.Trim()).LastOrDefault(v => v.Length > 0) ?? name;
            var references = xml.Descendants("ProjectReference")
                .Select(e => (string?)e.Attribute("Include"))
                .Where(v => !string.IsNullOrWhiteSpace(v))
                .Select(v => Path.GetFileNameWithoutExtension(v!.Replace('\\', '/')))
                .ToList();
            projects.Add(new SourceProject(name, assembly, Path.GetDirectoryName(csproj)!, references));
        }
        return projects;
    }
}
