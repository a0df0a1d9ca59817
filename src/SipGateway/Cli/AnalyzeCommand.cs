using SipGateway.Configuration;
using SipGateway.Routing;

namespace SipGateway.Cli;

/// <summary>
/// The Dialed Number Analyzer verb: <c>analyze [--config FILE] [--css CSS] DIGITS [--calling NUMBER] [--device NAME]</c>.
/// Prints the same JSON as <c>GET /api/analyze</c>. Exit 0 for any decision, 2 for a usage or configuration error.
/// </summary>
public static class AnalyzeCommand
{
    public const string Usage = "usage: SipGateway analyze [--config FILE] [--css CSS] DIGITS [--calling NUMBER] [--device NAME]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        string? css = null, calling = null, device = null, digits = null;
        var configArgs = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new UsageError($"{a} needs a value");
            try
            {
                switch (a)
                {
                    case "--css": css = Next(); break;
                    case "--calling": calling = Next(); break;
                    case "--device": device = Next(); break;
                    case "--config": configArgs.Add(a); configArgs.Add(Next()); break;
                    case "-h" or "--help": stdout.WriteLine(Usage); return 0;
                    default:
                        if (a.StartsWith("--", StringComparison.Ordinal)) { configArgs.Add(a); configArgs.Add(Next()); }
                        else if (digits is null) digits = a;
                        else throw new UsageError($"unexpected argument '{a}'");
                        break;
                }
            }
            catch (UsageError e)
            {
                stderr.WriteLine($"{e.Message}; {Usage}");
                return 2;
            }
        }
        if (digits is null)
        {
            stderr.WriteLine($"DIGITS missing; {Usage}");
            return 2;
        }
        GatewaySettings settings;
        try
        {
            settings = GatewaySettings.Load(configArgs.ToArray());
        }
        catch (ConfigurationError error)
        {
            stderr.WriteLine(error.Message);
            return 2;
        }
        stdout.WriteLine(DialedNumberAnalyzer.AnalyzeToJson(settings.DialPlan, css, digits, calling, device));
        return 0;
    }

    private sealed class UsageError(string message) : Exception(message);
}
