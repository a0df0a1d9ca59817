namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>A config file written to a fresh temporary folder, for tests of what start-up makes of it.</summary>
internal static class TempConfig
{
    public static string Write(string json)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("sipgw-cfg-").FullName, "gateway.json");
        File.WriteAllText(path, json);
        return path;
    }
}
