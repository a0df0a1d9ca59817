using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests.Security;

/// <summary>
/// SIPVicious (Debian's sipvicious 0.3.3) against the running gateway on loopback: svcrack is locked out after
/// Security:Auth:MaxFailures wrong answers and never finds the password, while the phone it attacks keeps registering and
/// calling from its own address; svwar cannot tell configured extensions from unknown ones with the default config
/// (Security:Auth:AlwaysChallenge true). svcrack 0.3.3 ignores its -b option, so it always sends from 127.0.0.1 here (not a
/// trunk source in the demo config); the phones live on 127.0.0.4.
/// </summary>
public class PasswordGuessingTests
{
    [Fact]
    public async Task Svcrack_is_locked_out_and_the_attacked_phone_keeps_working()
    {
        await using var gw = await GatewayProcess.StartAsync();
        // The callee registers before the attack (from 127.0.0.1, which the attack is about to lock).
        await using var phone1001 = await Sipp.PhoneAsync(gw, "1001", "uas_check.xml");
        // Phone 1000, the target, is registered from 127.0.0.4.
        var registered = await RegisterAsync(gw, "1000", "demo1000", "127.0.0.4");
        Assert.True(registered.ExitCode == 0, registered.Output + "\n" + gw.Output);

        // A dictionary with the right password after the fifth wrong one.
        var dir = Directory.CreateTempSubdirectory("svcrack-").FullName;
        var dictionary = Path.Combine(dir, "pw.txt");
        await File.WriteAllLinesAsync(dictionary, ["1234", "password", "secret", "qwerty", "letmein", "admin", "demo", "demo1000", "1000", "0000"]);
        // svcrack does not stop on its own once its requests go unanswered (it waits for challenges): bounded by the run time.
        var crack = await ExternalTool.RunAsync("svcrack",
            ["-P", FreePort.UdpAndTcp().ToString(), "-p", gw.SipPort.ToString(), "-u", "1000", "-d", dictionary, "127.0.0.1"],
            TimeSpan.FromSeconds(15), dir);
        Assert.DoesNotContain("demo1000", crack.Output);
        Assert.Contains("Security: SIP source 127.0.0.1 locked out for 900 s after 5 failed digest authentications", gw.Output);
        Assert.Contains("Security: SIP user '1000' locked out", gw.Output);
        // At most MaxFailures failure lines from the attacker, however many requests it sent.
        Assert.InRange(CountLines(gw.Output, "authentication of '1000' failed"), 5, 5);

        // The right password from the attacker's address gets nowhere now: over UDP its requests are dropped unanswered
        // (not even a 403), while another address is answered at once.
        var fromAttacker = await RegisterAsync(gw, "1002", "demo1002", "127.0.0.1");
        Assert.NotEqual(0, fromAttacker.ExitCode);
        using (var attacker = new SipProbe(gw.SipPort, "127.0.0.1"))
            Assert.Null(await attacker.RequestAsync(attacker.Options("locked1"), TimeSpan.FromSeconds(2)));
        using (var bystander = new SipProbe(gw.SipPort, "127.0.0.6"))
            Assert.Equal(200, SipProbe.StatusOf(await bystander.RequestAsync(bystander.Options("open1"), TimeSpan.FromSeconds(5))));
        // The locked user, from an address that is not its registration's, is refused too, even with the right password.
        var elsewhere = await RegisterAsync(gw, "1000", "demo1000", "127.0.0.6");
        Assert.NotEqual(0, elsewhere.ExitCode);
        Assert.Contains("too many failed authentications", elsewhere.Output);
        // Other users from that address are not affected.
        var other = await RegisterAsync(gw, "1003", "demo1003", "127.0.0.6");
        Assert.True(other.ExitCode == 0, other.Output + "\n" + gw.Output);

        // The real phone 1000 refreshes its registration and calls 1001 from its own address.
        var refresh = await RegisterAsync(gw, "1000", "demo1000", "127.0.0.4");
        Assert.True(refresh.ExitCode == 0, refresh.Output + "\n" + gw.Output);
        var call = await Sipp.RunAsync(gw, "uac_call_auth.xml", user: "1000", password: "demo1000", localAddress: "127.0.0.4", service: "1001",
            extra: ["-key", "caller", "1000", "-auth_uri", $"1001@127.0.0.1:{gw.SipPort}"]);
        Assert.True(call.ExitCode == 0, call.Output + "\n" + gw.Output);
        Assert.Equal(0, await phone1001.WaitAsync(TimeSpan.FromSeconds(20)));
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    [Fact]
    public async Task Svwar_finds_no_extension_with_the_default_config()
    {
        var dir = Directory.CreateTempSubdirectory("svwar-").FullName;
        var names = Path.Combine(dir, "users.txt");
        // Configured extensions first: a forced svwar stops at the first answer it does not expect.
        await File.WriteAllLinesAsync(names, ["1000", "1001", "1002", "1003", "100", "999", "2000", "alice", "admin"]);

        // The demo config as shipped: every caller without credentials is challenged alike (Security:Auth:AlwaysChallenge).
        await using (var gw = await GatewayProcess.StartAsync())
        {
            foreach (var method in new[] { "INVITE", "REGISTER" })
                foreach (var force in new[] { false, true })
                {
                    var scan = await SvwarAsync(gw, names, dir, method, force);
                    Assert.True(scan.Output.Contains("found nothing"), $"svwar -m {method}{(force ? " --force" : "")}:\n{scan.Output}");
                    foreach (var n in new[] { "1000", "1001", "1002", "1003" }) Assert.DoesNotContain($"| {n} ", scan.Output);
                }
        }

        // The lab setting (AlwaysChallenge false) answers 401 for a device's number and 403 for anyone else: the same
        // forced scan then lists the configured extensions, so the scans above would find them if the answers differed.
        await using var lab = await GatewayProcess.StartAsync(null, "--Security:Auth:AlwaysChallenge", "false");
        var open = await SvwarAsync(lab, names, dir, "INVITE", force: true);
        Assert.Contains("| 1000 ", open.Output);
        Assert.Contains("reqauth", open.Output);
        try { Directory.Delete(dir, true); } catch (IOException) { }
    }

    private static Task<ExternalTool.Result> SvwarAsync(GatewayProcess gw, string names, string dir, string method, bool force) =>
        // --force scans even when an unknown extension is challenged (svwar otherwise gives up at once).
        ExternalTool.RunAsync("svwar",
            (force ? new[] { "--force" } : []).Concat(["-P", FreePort.UdpAndTcp().ToString(), "-p", gw.SipPort.ToString(), "-d", names, "-m", method, "127.0.0.1"]),
            TimeSpan.FromSeconds(40), dir);

    private static Task<ExternalTool.Result> RegisterAsync(GatewayProcess gw, string dn, string password, string address)
    {
        int port = FreePort.UdpAndTcp();
        return Sipp.RunAsync(gw, "register_contact.xml", user: dn, password: password, service: dn, localAddress: address, localPort: port,
            timeoutSeconds: 8, extra: ["-key", "contact_port", port.ToString()]);
    }

    private static int CountLines(string text, string fragment) =>
        text.Split('\n').Count(l => l.Contains(fragment, StringComparison.Ordinal));
}
