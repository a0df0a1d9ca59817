using Microsoft.Data.Sqlite;
using SipGateway.Storage.Sqlite;

namespace SipGateway.Storage.Tests.Contract;

/// <summary>A SQLite state database in a temporary folder of its own.</summary>
public sealed class SqliteDatabaseUnderTest : DatabaseUnderTest
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sipgw-contract-").FullName;
    private readonly List<IStateDatabase> _opened = [];

    public override string Location => Path.Combine(_dir, SqliteStateDatabase.FileName);

    public override IStateDatabase Open()
    {
        var db = SqliteStateDatabase.Open(_dir);
        _opened.Add(db);
        return db;
    }

    public override void DropTable(string table)
    {
        using var c = new SqliteConnection($"Data Source={Location}");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"DROP TABLE {table}";
        cmd.ExecuteNonQuery();
    }

    public override void Corrupt()
    {
        foreach (var db in _opened) db.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var side in new[] { "-wal", "-shm" }) File.Delete(Location + side);
        File.WriteAllBytes(Location, Enumerable.Repeat((byte)0x5A, 8192).ToArray());
    }

    public override void Dispose()
    {
        foreach (var db in _opened) db.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
