namespace SipGateway.Architecture.Tests;

/// <summary>
/// Features receive typed options, never configuration (issue 15, "Configuration is read in one place"): the host binds
/// and validates config once; no method or constructor of a feature takes an IConfiguration (or a section or root), and
/// no feature type keeps one in a field.
/// </summary>
internal static class FeatureConfigurationRule
{
    private static readonly string[] ConfigurationTypes =
    [
        "Microsoft.Extensions.Configuration.IConfiguration",
        "Microsoft.Extensions.Configuration.IConfigurationSection",
        "Microsoft.Extensions.Configuration.IConfigurationRoot",
        "Microsoft.Extensions.Configuration.IConfigurationManager",
        "Microsoft.Extensions.Configuration.ConfigurationManager",
    ];

    public static IReadOnlyList<string> Offenders(IEnumerable<TypeFacts> types)
    {
        var offenders = new List<string>();
        foreach (var type in types)
        {
            foreach (var method in type.Methods)
                foreach (var parameter in method.ParameterTypes.Where(Mentions))
                    offenders.Add($"{type.FullName}.{method.Name} takes {parameter}");
            // A closure class's cached delegate repeats what its lambda's own parameters already report.
            foreach (var field in type.Fields.Where(f => !type.IsCompilerGenerated && Mentions(f.TypeName)))
                offenders.Add($"{type.FullName}.{field.Name} holds {field.TypeName}");
        }
        return offenders.Distinct().Order(StringComparer.Ordinal).ToList();
    }

    private static bool Mentions(string typeName) =>
        ConfigurationTypes.Any(c => typeName == c || typeName.Contains(c + ">", StringComparison.Ordinal) ||
                                    typeName.Contains(c + ",", StringComparison.Ordinal) || typeName.Contains(c + "[", StringComparison.Ordinal) ||
                                    typeName.Contains(c + "&", StringComparison.Ordinal));
}
