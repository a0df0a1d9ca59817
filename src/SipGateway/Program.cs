using SipGateway.Cli;
using SipGateway.Configuration;
using SipGateway.Hosting;

// Entry point: `SipGateway [--config FILE] [--Key:Path value ...]` runs the gateway; verbs come first
// (`SipGateway analyze ...`). A configuration mistake prints one line and exits with code 2.
if (args.Length > 0 && args[0] == "analyze")
    return AnalyzeCommand.Run(args[1..], Console.Out, Console.Error);

GatewaySettings settings;
try
{
    settings = GatewaySettings.Load(args);
}
catch (ConfigurationError error)
{
    Console.Error.WriteLine(error.Message);
    return 2;
}
return await GatewayHost.RunAsync(settings, args);
