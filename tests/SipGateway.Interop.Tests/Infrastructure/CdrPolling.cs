using System.Net.Http.Json;
using System.Text.Json;

namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Waits for the first CDR of a gateway (in-process or a separate process) through its HTTP API.</summary>
internal static class CdrPolling
{
    /// <summary>Polls /api/cdrs for up to 5 s: CDRs are written off the SIP threads after the call ends.</summary>
    public static async Task<JsonElement> FirstCdrAsync(HttpClient http, Func<string> context)
    {
        for (int i = 0; i < 50; i++)
        {
            var cdrs = await http.GetFromJsonAsync<JsonElement>("/api/cdrs");
            if (cdrs.GetArrayLength() > 0) return cdrs[0];
            await Task.Delay(100);
        }
        throw new TimeoutException("no CDR was written" + context());
    }
}
