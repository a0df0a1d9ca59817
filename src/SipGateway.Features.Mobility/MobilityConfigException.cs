namespace SipGateway.Features.Mobility;

/// <summary>Extension Mobility configuration that cannot work: the key path, the bad value and what to do.</summary>
public sealed class MobilityConfigException(string keyPath, string? value, string reason)
    : Exception(value is null ? $"{keyPath}: {reason}" : $"{keyPath} = '{value}': {reason}")
{
    public string KeyPath { get; } = keyPath;
    public string? Value { get; } = value;
    public string Reason { get; } = reason;
}
