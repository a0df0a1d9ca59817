using SipGateway.Interop.Tests.Infrastructure;

namespace SipGateway.Interop.Tests;

/// <summary>
/// Each RFC 4475 request sent over UDP to the running gateway gets the answer the RFC asks of a UAS/registrar
/// (responses and undeliverable garbage get none). REGISTERs from unknown users are challenged (401); so are INVITEs
/// from unknown sources whatever their From (Security:Auth:AlwaysChallenge, the default: a scanner learns nothing), and
/// none of them reaches digit analysis without a device's credentials (esc01, longreq, baddate, inv2543);
/// wsinv carries a To tag, so it is a re-INVITE for a dialog the gateway does not have: 481 (RFC 3261 §12.2.2).
/// </summary>
public class TortureThroughGatewayTests : IAsyncLifetime
{
    private GatewayProcess _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayProcess.StartAsync();

    public async Task DisposeAsync() => await _gateway.DisposeAsync();

    public static readonly TheoryData<string, int> Expected = new()
    {
        { "wsinv", 481 }, { "intmeth", 501 }, { "esc01", 401 }, { "escnull", 401 }, { "esc02", 501 }, { "lwsdisp", 200 },
        { "longreq", 401 }, { "dblreq", 401 }, { "semiuri", 200 }, { "transports", 200 }, { "mpart01", 405 },
        { "unreason", 0 }, { "noreason", 0 }, { "badinv01", 400 }, { "clerr", 400 }, { "ncl", 400 }, { "scalar02", 400 },
        { "scalarlg", 0 }, { "quotbal", 400 }, { "ltgtruri", 400 }, { "lwsruri", 400 }, { "lwsstart", 400 }, { "trws", 400 },
        { "escruri", 400 }, { "baddate", 401 }, { "regbadct", 400 }, { "badaspec", 400 }, { "baddn", 400 }, { "badvers", 505 },
        { "mismatch01", 400 }, { "mismatch02", 501 }, { "bigcode", 0 }, { "badbranch", 200 }, { "insuf", 400 },
        { "unkscm", 416 }, { "novelsc", 416 }, { "unksm2", 400 }, { "bext01", 420 }, { "invut", 415 }, { "regaut01", 401 },
        { "multi01", 400 }, { "mcl01", 400 }, { "bcast", 0 }, { "zeromf", 200 }, { "cparam01", 401 }, { "cparam02", 401 },
        { "regescrt", 401 }, { "sdp01", 406 }, { "inv2543", 401 }, { "test", 0 },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public async Task Gateway_answers_as_rfc_4475_says(string name, int expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "data", "rfc4475", name + ".dat"));
        using var probe = new SipProbe(_gateway.SipPort);
        await probe.SendAsync(bytes);
        // The torture messages carry their own Vias (example.com hosts), so replies come back to our source port
        // only where the gateway answers the packet's source; the gateway does that for UDP (RFC 3581 behaviour).
        var response = await probe.ReceiveAsync(TimeSpan.FromSeconds(expected == 0 ? 1 : 5));
        while (SipProbe.StatusOf(response) is >= 100 and < 200) response = await probe.ReceiveAsync(TimeSpan.FromSeconds(5)); // 100 Trying first
        Assert.True(expected == SipProbe.StatusOf(response), $"{name}: expected {expected}, got:\n{response}");
        // A 401 is a real challenge (RFC 3261 §22.2), the same one a configured phone gets.
        if (expected == 401) Assert.Contains("WWW-Authenticate: Digest", response);
    }
}
