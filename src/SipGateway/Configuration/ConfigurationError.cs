namespace SipGateway.Configuration;

/// <summary>A configuration mistake, reported on one line naming the file, the key path and the value.</summary>
public sealed class ConfigurationError : Exception
{
    public ConfigurationError(string source, string key, string? value, string reason)
        : base($"config error in {source}: {key} = '{value}': {reason}")
    {
        Origin = source;
        Key = key;
        Value = value;
        Reason = reason;
    }

    public string Origin { get; }
    public string Key { get; }
    public string? Value { get; }
    public string Reason { get; }
}
