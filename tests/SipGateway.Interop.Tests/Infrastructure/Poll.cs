namespace SipGateway.Interop.Tests.Infrastructure;

/// <summary>Bounded polling of the running gateway (its HTTP API) until a condition holds.</summary>
internal static class Poll
{
    public static async Task<bool> UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, int intervalMs = 250)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return true;
            await Task.Delay(intervalMs);
        }
        return false;
    }
}
