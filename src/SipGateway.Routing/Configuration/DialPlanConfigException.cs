namespace SipGateway.Routing;

/// <summary>A dial plan that cannot be built: names the configuration key path, the bad value and what to do.</summary>
public sealed class DialPlanConfigException : Exception
{
    public DialPlanConfigException(string keyPath, string? value, string reason, int? position = null)
        : base(Format(keyPath, value, reason))
    {
        KeyPath = keyPath;
        Value = value;
        Reason = reason;
        Position = position;
    }

    /// <summary>Configuration key path, e.g. <c>DialPlan:RoutePatterns:1:Pattern</c>.</summary>
    public string KeyPath { get; }

    public string? Value { get; }

    public string Reason { get; }

    /// <summary>1-based character position within <see cref="Value"/> for pattern and mask errors.</summary>
    public int? Position { get; }

    private static string Format(string keyPath, string? value, string reason) =>
        value is null ? $"{keyPath}: {reason}" : $"{keyPath} = '{value}': {reason}";
}
