namespace SipGateway.Storage.Tests.Contract;

/// <summary>
/// One engine's state database as the contract tests use it: opened (and reopened, as a gateway restart does) at one
/// place, and damaged behind the stores' backs. Each engine supplies one; the contract classes run against each.
/// </summary>
public abstract class DatabaseUnderTest : IDisposable
{
    /// <summary>Opens the database at this test's place (the same one each time), bringing its schema up to date.</summary>
    public abstract IStateDatabase Open();

    /// <summary>Takes a table away, as a failed upgrade or an operator's mistake would: every statement on it fails.</summary>
    public abstract void DropTable(string table);

    /// <summary>Closes everything and overwrites the database with garbage: opening it must fail.</summary>
    public abstract void Corrupt();

    /// <summary>What a <see cref="StorageException"/> about this database names.</summary>
    public abstract string Location { get; }

    public abstract void Dispose();
}
