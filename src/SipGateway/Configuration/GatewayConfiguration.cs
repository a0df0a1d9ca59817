using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace SipGateway.Configuration;

/// <summary>
/// Builds the configuration as DESIGN.md says: the JSON file (config/gateway.json, or --config FILE), then
/// environment variables with the SIPGW_ prefix, then the command line (--Sip:Port 5070).
/// </summary>
public static class GatewayConfiguration
{
    public const string EnvironmentPrefix = "SIPGW_";
    public const string DefaultFile = "config/gateway.json";

    public static (IConfigurationRoot Configuration, string File) Build(string[] args)
    {
        var file = ConfigFileArgument(args) ?? FindDefaultFile();
        if (!File.Exists(file)) throw new ConfigurationError(file, "--config", file, "the configuration file does not exist");
        var builder = new ConfigurationBuilder();
        try
        {
            builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            builder.AddEnvironmentVariables(EnvironmentPrefix);
            builder.AddCommandLine(WithoutConfigArgument(args));
            return (builder.Build(), file);
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationError(file, "(file)", null, "not valid JSON: " + (ex.InnerException?.Message ?? ex.Message));
        }
        catch (FormatException ex)
        {
            throw new ConfigurationError(file, "(command line)", null, ex.Message);
        }
    }

    /// <summary>Which source gave a key its value: the JSON file's path, "environment" or "command line".</summary>
    public static string SourceOf(IConfigurationRoot root, string key, string file)
    {
        foreach (var provider in root.Providers.Reverse())
        {
            if (!provider.TryGet(key, out _)) continue;
            return provider switch
            {
                JsonConfigurationProvider => file,
                Microsoft.Extensions.Configuration.EnvironmentVariables.EnvironmentVariablesConfigurationProvider => "environment (" + EnvironmentPrefix + key.Replace(":", "__") + ")",
                _ => "command line",
            };
        }
        return file;
    }

    private static string? ConfigFileArgument(string[] args)
    {
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config" && i + 1 < args.Length) return args[i + 1];
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) return args[i]["--config=".Length..];
        }
        return null;
    }

    private static string[] WithoutConfigArgument(string[] args)
    {
        var list = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config") { i++; continue; }
            if (args[i].StartsWith("--config=", StringComparison.Ordinal)) continue;
            list.Add(args[i]);
        }
        return list.ToArray();
    }

    private static string FindDefaultFile()
    {
        if (File.Exists(DefaultFile)) return DefaultFile;
        var besideBinary = Path.Combine(AppContext.BaseDirectory, DefaultFile);
        return File.Exists(besideBinary) ? besideBinary : DefaultFile;
    }
}
