namespace SipGateway.Storage.Tests.Contract;

/// <summary>What every store's contract class starts from: the engine's database, opened once, and its damage.</summary>
public abstract class StoreContract(DatabaseUnderTest engine) : IDisposable
{
    protected DatabaseUnderTest Engine { get; } = engine;

    protected IStateDatabase Database { get; private set; } = engine.Open();

    /// <summary>The gateway stopped and started again: everything closed, the database opened anew.</summary>
    protected IStateDatabase Restart()
    {
        Database.Dispose();
        return Database = Engine.Open();
    }

    [Fact]
    public void A_corrupt_database_is_refused_at_opening_with_its_location_and_a_reason()
    {
        Engine.Corrupt();
        var error = Assert.Throws<StorageException>(() => Engine.Open());
        Assert.Equal(Engine.Location, error.DatabasePath);
        Assert.Contains(Engine.Location, error.Message);
        Assert.False(string.IsNullOrWhiteSpace(error.Reason));
    }

    public void Dispose()
    {
        Database.Dispose();
        Engine.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The store's error: a <see cref="StorageException"/> naming the database and what was being done.</summary>
    protected void AssertRefused(Action operation, string doing)
    {
        var error = Assert.Throws<StorageException>(operation);
        Assert.Equal(Engine.Location, error.DatabasePath);
        Assert.Contains(doing, error.Reason);
        Assert.NotNull(error.InnerException);
    }
}
