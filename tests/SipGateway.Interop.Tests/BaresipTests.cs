using System.Text.Json;
using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>A real baresip softphone registers with digest, shows up at /api/registrations, and unregisters.</summary>
public class BaresipTests
{
    [Theory]
    [InlineData("udp")]
    [InlineData("tcp")]
    public async Task Registers_with_digest_is_listed_and_unregisters(string transport)
    {
        await using var gw = await GatewayProcess.StartAsync();
        var uriTransport = transport == "tcp" ? ";transport=tcp" : "";
        await using var phone = Baresip.Start(
            $"<sip:1000@127.0.0.1:{gw.SipPort}{uriTransport}>;auth_user=1000;auth_pass=demo1000;regint=120;audio_codecs=pcmu,pcma");

        var binding = await WaitForAsync(gw, regs => FindContact(regs, "SEP0011AABBCC01", phone.SipPort), TimeSpan.FromSeconds(20));
        Assert.True(binding is not null, "baresip never appeared at /api/registrations\n" + phone.Output + "\n" + gw.Output);
        Assert.Equal(transport, binding!.Value.GetProperty("transport").GetString()!.ToLowerInvariant());
        Assert.InRange(binding.Value.GetProperty("expiresIn").GetInt32(), 60, 120);
        Assert.Contains("baresip", binding.Value.GetProperty("userAgent").GetString(), StringComparison.OrdinalIgnoreCase);

        // quit makes baresip unregister (REGISTER with Expires: 0) before it exits.
        await phone.CommandAsync("quit");
        await phone.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var gone = await WaitForAsync(gw, regs => FindContact(regs, "SEP0011AABBCC01", phone.SipPort) is null ? regs : (JsonElement?)null, TimeSpan.FromSeconds(10));
        Assert.True(gone is not null, "binding still listed after baresip quit\n" + phone.Output);
    }

    [Fact]
    public async Task Wrong_password_never_registers()
    {
        await using var gw = await GatewayProcess.StartAsync();
        await using var phone = Baresip.Start($"<sip:1001@127.0.0.1:{gw.SipPort}>;auth_user=1001;auth_pass=not-the-password;regint=120");
        await Task.Delay(3000);
        var regs = await gw.GetJsonAsync("/api/registrations");
        Assert.Null(FindContact(regs, "SEP0011AABBCC02", phone.SipPort));
    }

    private static JsonElement? FindContact(JsonElement registrations, string device, int port)
    {
        foreach (var reg in registrations.EnumerateArray())
        {
            if (reg.GetProperty("device").GetString() != device) continue;
            foreach (var c in reg.GetProperty("contacts").EnumerateArray())
                if (c.GetProperty("uri").GetString()!.Contains($":{port}")) return c;
        }
        return null;
    }

    private static async Task<JsonElement?> WaitForAsync(GatewayProcess gw, Func<JsonElement, JsonElement?> probe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var found = probe(await gw.GetJsonAsync("/api/registrations"));
            if (found is not null) return found;
            await Task.Delay(250);
        }
        return null;
    }
}
