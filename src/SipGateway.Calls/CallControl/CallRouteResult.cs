namespace SipGateway.Calls.CallControl;

/// <summary>A route handler's decision, as data (routing decisions are data, as Kamailio's failure routes are).</summary>
public readonly record struct CallRouteResult
{
    private CallRouteResult(int code, string? reason, LocalAnswer? localAnswer) => (Code, Reason, LocalAnswer) = (code, reason, localAnswer);

    /// <summary>The handler does not take the call: the next handler, then ordinary routing, gets it.</summary>
    public static CallRouteResult NotHandled => default;

    /// <summary>The handler refuses the call: the caller gets <paramref name="code"/> (300-699) with this reason.</summary>
    public static CallRouteResult Reject(int code, string reason)
    {
        if (code is < 300 or > 699) throw new ArgumentOutOfRangeException(nameof(code), code, "a rejection is a final non-2xx status (300-699)");
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new CallRouteResult(code, reason, null);
    }

    /// <summary>The handler takes the call by having the gateway answer the caller itself, for <paramref name="answer"/>'s
    /// callee (see <see cref="CallControl.LocalAnswer"/>): no target is called.</summary>
    public static CallRouteResult Answer(LocalAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return new CallRouteResult(0, null, answer);
    }

    public bool Handled => Code != 0 || LocalAnswer is not null;

    /// <summary>The rejection's status; 0 when not rejected.</summary>
    public int Code { get; }
    public string? Reason { get; }

    /// <summary>The local answer asked for; null when not answered locally.</summary>
    public LocalAnswer? LocalAnswer { get; }
}
