namespace SipGateway.Storage;

/// <summary>
/// Call detail records (GET /api/cdrs?since=, CSV export). Calls hand their CDRs to <see cref="Enqueue"/>, which never
/// blocks on I/O: a writer inserts what has queued up in batches (see <see cref="CdrQueue"/>).
/// </summary>
/// <remarks>
/// Synchronous by design, as every store here: callers either are off the SIP threads already (the CDR writer, HTTP
/// reads) or hold their in-memory state's lock across the write so memory and rows agree, which an await cannot do.
/// ADO.NET providers (Microsoft.Data.Sqlite, Npgsql) do real synchronous I/O, not sync over async.
/// </remarks>
public interface ICdrStore : IDisposable
{
    /// <summary>Raised (on the writer thread) when a queued batch could not be written; the CDRs stay queued for the next try.</summary>
    event Action<StorageException, int>? WriteFailed;

    /// <summary>CDRs queued and not yet written.</summary>
    int Pending { get; }

    /// <summary>Writes one CDR now and returns its id.</summary>
    /// <exception cref="StorageException">The database refused it.</exception>
    long Add(CallDetailRecord cdr);

    /// <summary>Queues a CDR for the writer (never blocks on I/O).</summary>
    /// <exception cref="ObjectDisposedException">The store was disposed (the gateway is stopping).</exception>
    void Enqueue(CallDetailRecord cdr);

    /// <summary>Waits (up to <paramref name="timeout"/>) until every queued CDR is written. False on timeout.</summary>
    bool Flush(TimeSpan timeout);

    /// <summary>CDRs of calls that started at or after <paramref name="since"/>, oldest first, at most <paramref name="limit"/>.</summary>
    /// <exception cref="StorageException">The database could not be read.</exception>
    List<CallDetailRecord> Since(DateTimeOffset since, int limit = 1000);
}
