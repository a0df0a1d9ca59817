using SipGateway.Features.ExtendConnect.Calls;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>Records what the feature asked of the B2BUA's line calls; redirects to numbers starting 999 are unroutable.</summary>
internal sealed class FakeLineCallControl : ILineCallControl
{
    public List<string> Requests { get; } = [];
    public HashSet<string> Held { get; } = [];
    /// <summary>What call control reports while a redirect runs (the deflection, then whatever the new destination does).</summary>
    public Action<string>? WhileRedirecting { get; set; }

    public bool Hold(string b2buaCallId, bool hold)
    {
        Requests.Add($"{(hold ? "hold" : "retrieve")} {b2buaCallId}");
        return hold ? Held.Add(b2buaCallId) : Held.Remove(b2buaCallId);
    }

    public bool SendDigits(string b2buaCallId, string digits)
    {
        Requests.Add($"dtmf {b2buaCallId} {digits}");
        return true;
    }

    public bool Disconnect(string b2buaCallId, string reason)
    {
        Requests.Add($"disconnect {b2buaCallId}");
        return true;
    }

    public string? Redirect(string b2buaCallId, string device, string destination)
    {
        Requests.Add($"redirect {b2buaCallId} {device} {destination}");
        if (!destination.StartsWith("999", StringComparison.Ordinal)) WhileRedirecting?.Invoke(b2buaCallId);
        return destination.StartsWith("999", StringComparison.Ordinal) ? $"{destination} matches nothing in the CSS of {device}" : null;
    }
}
