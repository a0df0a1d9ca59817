namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Runs a SIPp scenario from data/sipp against the gateway: one call, bounded in time; exit 0 means it passed.</summary>
internal static class Sipp
{
    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "data", "sipp", name);

    public static Task<ExternalTool.Result> RunAsync(GatewayProcess gw, string scenario, string transport = "u1",
        string? user = null, string? password = null, int calls = 1, string localAddress = "127.0.0.1", string? service = null,
        int? localPort = null, int timeoutSeconds = 20, params string[] extra) =>
        RunAsync(gw.SipPort, scenario, transport, user, password, calls, localAddress, service, localPort, timeoutSeconds, extra);

    /// <summary>The same against a gateway on <paramref name="sipPort"/> (one hosted in the test process).</summary>
    public static async Task<ExternalTool.Result> RunAsync(int sipPort, string scenario, string transport = "u1",
        string? user = null, string? password = null, int calls = 1, string localAddress = "127.0.0.1", string? service = null,
        int? localPort = null, int timeoutSeconds = 20, params string[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("sipp-").FullName;
        var args = new List<string>
        {
            "-sf", Scenario(scenario), "-i", localAddress, "-p", (localPort ?? FreePort.UdpAndTcp()).ToString(), "-t", transport,
            "-m", calls.ToString(), "-timeout", $"{timeoutSeconds}s", "-timeout_error", "-max_recv_loops", "1000",
            "-trace_err", "-error_file", Path.Combine(dir, "errors.log"), "-nostdin",
        };
        if (service is not null) args.AddRange(["-s", service, "-mp", FreePort.UdpAndTcp().ToString()]);
        if (user is not null) args.AddRange(["-au", user, "-ap", password ?? ""]);
        args.AddRange(extra);
        args.Add($"127.0.0.1:{sipPort}");
        var result = await ExternalTool.RunAsync("sipp", args, TimeSpan.FromSeconds(timeoutSeconds + 20), dir);
        var errors = Path.Combine(dir, "errors.log");
        var text = result.Output + (File.Exists(errors) ? "\nerrors:\n" + await File.ReadAllTextAsync(errors) : "");
        try { Directory.Delete(dir, true); } catch (IOException) { }
        return result with { Output = text };
    }

    /// <summary>
    /// A SIPp phone for line <paramref name="dn"/> of the demo config (password demo+DN): registers from a free port, then a
    /// <see cref="SippUas"/> running <paramref name="scenario"/> takes over that port. The gateway sends to the source a
    /// REGISTER came from (rport, NAT-friendly), so the answering side must live where the REGISTER left.
    /// </summary>
    public static async Task<SippUas> PhoneAsync(GatewayProcess gw, string dn, string scenario)
    {
        int port = FreePort.UdpAndTcp();
        var r = await RunAsync(gw, "register_contact.xml", user: dn, password: "demo" + dn, service: dn, localPort: port,
            extra: ["-key", "contact_port", port.ToString()]);
        if (r.ExitCode != 0) throw new InvalidOperationException($"registering {dn} failed:\n{r.Output}");
        return SippUas.StartOn(scenario, port);
    }
}
