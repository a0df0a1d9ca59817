namespace SipGateway.Storage;

/// <summary>
/// The state database cannot do what was asked: names the database (file or server) and the reason, with what to do
/// about it where there is something to do. The only exception a store lets out; the provider's own is the inner one.
/// </summary>
public sealed class StorageException(string location, string reason, Exception? inner = null)
    : Exception($"state database {location}: {reason}", inner)
{
    /// <summary>The database file (SQLite) or server and database (a server engine).</summary>
    public string DatabasePath { get; } = location;

    public string Reason { get; } = reason;
}
