namespace SipGateway.Storage;

/// <summary>The state database cannot be used; names the file and what to do about it.</summary>
public sealed class StorageException(string path, string reason, Exception? inner = null)
    : Exception($"state database {path}: {reason}", inner)
{
    public string DatabasePath { get; } = path;
}
