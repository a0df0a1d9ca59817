namespace SipGateway.Storage.Tests.Contract;

/// <summary>The contract of <see cref="IRemoteDestinationStore"/>, whatever the engine.</summary>
public abstract class RemoteDestinationStoreContract(DatabaseUnderTest engine) : StoreContract(engine)
{
    private IRemoteDestinationStore Store => Database.RemoteDestinations;

    [Fact]
    public void Destinations_round_trip_in_the_order_they_were_added()
    {
        Assert.True(Store.Add(new("CTRIDalice", "914085551234", "Mobile", false)));
        Assert.True(Store.Add(new("CTRIDbob", "bob@example.com", "bob@example.com", true)));
        Assert.True(Store.Add(new("CTRIDalice", "914085550000", "Home", true)));
        Assert.Equal(
            [new("CTRIDalice", "914085551234", "Mobile", false), new("CTRIDbob", "bob@example.com", "bob@example.com", true),
             new RemoteDestinationRecord("CTRIDalice", "914085550000", "Home", true)],
            Store.All());
    }

    [Fact]
    public void A_number_exists_once_in_the_whole_system()
    {
        Assert.True(Store.Add(new("CTRIDalice", "914085551234", "Mobile", true)));
        Assert.False(Store.Add(new("CTRIDbob", "914085551234", "Bob's", true)));
        Assert.False(Store.Add(new("CTRIDalice", "914085551234", "Again", false)));
        Assert.Equal([new RemoteDestinationRecord("CTRIDalice", "914085551234", "Mobile", true)], Store.All());
    }

    [Fact]
    public void An_active_destination_clears_the_devices_other_active_flag_only()
    {
        Store.Add(new("CTRIDalice", "91111", "One", true));
        Store.Add(new("CTRIDbob", "93333", "Bob", true));
        Store.Add(new("CTRIDalice", "92222", "Two", true));
        Assert.Equal([false, true, true], Store.All().Select(r => r.Active));
        Store.Update(new("CTRIDalice", "91111", "One renamed", true));
        Assert.Equal(
            [new("CTRIDalice", "91111", "One renamed", true), new("CTRIDbob", "93333", "Bob", true),
             new RemoteDestinationRecord("CTRIDalice", "92222", "Two", false)],
            Store.All());
        Store.Update(new("CTRIDalice", "91111", "One renamed", false));
        Assert.Equal([false, true, false], Store.All().Select(r => r.Active));
    }

    [Fact]
    public void Update_and_delete_touch_only_the_named_devices_destination()
    {
        Store.Add(new("CTRIDalice", "91111", "One", false));
        Store.Update(new("CTRIDbob", "91111", "Not bob's", true));
        Store.Delete("CTRIDbob", "91111");
        Assert.Equal([new RemoteDestinationRecord("CTRIDalice", "91111", "One", false)], Store.All());
        Store.Delete("CTRIDalice", "91111");
        Assert.Empty(Store.All());
        Assert.True(Store.Add(new("CTRIDbob", "91111", "Now bob's", false))); // the number is free again
    }

    [Fact]
    public void Destinations_survive_a_restart()
    {
        Store.Add(new("CTRIDalice", "91111", "One", false));
        Store.Add(new("CTRIDalice", "92222", "Two", true));
        Store.Delete("CTRIDalice", "91111");
        var after = Restart().RemoteDestinations;
        Assert.Equal([new RemoteDestinationRecord("CTRIDalice", "92222", "Two", true)], after.All());
        Assert.False(after.Add(new("CTRIDbob", "92222", "Taken", false)));
    }

    [Fact]
    public void A_missing_table_is_a_StorageException_naming_the_operation()
    {
        var store = Store;
        Engine.DropTable("cti_remote_destination");
        AssertRefused(() => store.All(), "reading remote destinations");
        AssertRefused(() => store.Add(new("CTRIDalice", "91111", "One", true)), "adding remote destination 91111");
        AssertRefused(() => store.Update(new("CTRIDalice", "91111", "One", false)), "updating remote destination 91111");
        AssertRefused(() => store.Delete("CTRIDalice", "91111"), "deleting remote destination 91111");
    }
}

public sealed class SqliteRemoteDestinationStoreContractTests() : RemoteDestinationStoreContract(new SqliteDatabaseUnderTest());
