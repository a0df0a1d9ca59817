namespace SipGateway.Storage.Tests.Contract;

/// <summary>The contract of <see cref="IExtensionMobilityStore"/>, whatever the engine.</summary>
public abstract class ExtensionMobilityStoreContract(DatabaseUnderTest engine) : StoreContract(engine)
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private IExtensionMobilityStore Store => Database.ExtensionMobility;

    [Fact]
    public void Logins_round_trip_oldest_first_and_record_the_last_user()
    {
        var bob = new MobilityLoginRecord("SEP000000000002", "bob", "UDP_bob", T0.AddMinutes(5), null);
        var alice = new MobilityLoginRecord("SEP000000000001", "alice", "UDP_alice", T0, T0.AddHours(8).AddTicks(10));
        Store.SaveLogin(bob, []);
        Store.SaveLogin(alice, []);
        Assert.Equal([alice, bob], Store.Logins());
        Assert.Equal("alice", Store.LastUsers()["SEP000000000001"]);
        Assert.Equal("bob", Store.LastUsers()["sep000000000002"]); // device names compare without case
    }

    [Fact]
    public void A_login_replaces_the_phones_login_and_removes_the_logouts_it_caused_at_once()
    {
        Store.SaveLogin(new("SEP000000000001", "alice", "UDP_alice", T0, null), []);
        Store.SaveLogin(new("SEP000000000003", "carol", "UDP_carol", T0, null), []);
        var moved = new MobilityLoginRecord("SEP000000000002", "alice", "UDP_alice", T0.AddMinutes(1), null);
        Store.SaveLogin(moved, ["sep000000000001"]); // AutoLogout elsewhere
        var replaced = new MobilityLoginRecord("sep000000000003", "bob", "UDP_bob", T0.AddMinutes(2), null);
        Store.SaveLogin(replaced, []);
        Assert.Equal(["SEP000000000002", "sep000000000003"], Store.Logins().Select(l => l.Device));
        Assert.Equal("bob", Store.Logins()[1].UserId);
        // The last user of a phone stays when its user logs out.
        Assert.Equal("alice", Store.LastUsers()["SEP000000000001"]);
        Store.DeleteLogin("SEP000000000002");
        Assert.Equal(["bob"], Store.Logins().Select(l => l.UserId));
        Assert.Equal("alice", Store.LastUsers()["SEP000000000002"]);
    }

    [Fact]
    public void Changed_pins_round_trip_and_a_new_one_replaces_the_old()
    {
        Store.SavePin("alice", new StoredPin([1, 2, 3], [4, 5, 6]), T0);
        Store.SavePin("bob", new StoredPin([7], [8]), T0);
        Store.SavePin("alice", new StoredPin([9, 9], [10, 10]), T0.AddDays(1));
        var pins = Store.ChangedPins();
        Assert.Equal(2, pins.Count);
        Assert.Equal([9, 9], pins["alice"].Salt);
        Assert.Equal([10, 10], pins["alice"].Hash);
        Assert.Equal([8], pins["bob"].Hash);
        Assert.False(pins.ContainsKey("ALICE")); // user IDs are exact
    }

    [Fact]
    public void Logins_pins_and_last_users_survive_a_restart()
    {
        var login = new MobilityLoginRecord("SEP000000000001", "alice", "UDP_alice", T0, T0.AddHours(1));
        Store.SaveLogin(login, []);
        Store.SavePin("alice", new StoredPin([1], [2]), T0);
        var after = Restart().ExtensionMobility;
        Assert.Equal([login], after.Logins());
        Assert.Equal([2], after.ChangedPins()["alice"].Hash);
        Assert.Equal("alice", after.LastUsers()["SEP000000000001"]);
    }

    [Fact]
    public void Lockouts_in_force_round_trip_and_ended_ones_are_forgotten()
    {
        Store.SaveLockout("mallory", T0.AddMinutes(15), T0);
        Store.SaveLockout("Alice", T0.AddMinutes(20), T0);
        Store.SaveLockout("ALICE", T0.AddMinutes(30), T0.AddMinutes(1)); // locked again: one row, the later end
        var locks = Store.Lockouts(T0.AddMinutes(1));
        Assert.Equal(2, locks.Count);
        Assert.Equal(T0.AddMinutes(30), locks["alice"]);
        Assert.Equal(T0.AddMinutes(15), locks["mallory"]);
        Assert.Equal(["ALICE"], Store.Lockouts(T0.AddMinutes(15)).Keys); // mallory's lock ended then
        // A later lock forgets the ended ones: read as of T0, mallory's would still show if it had been kept.
        Store.SaveLockout("bob", T0.AddHours(2), T0.AddHours(1));
        Assert.Equal(["bob"], Store.Lockouts(T0).Keys);
    }

    [Fact]
    public void A_lockout_survives_a_restart()
    {
        Store.SaveLockout("alice", T0.AddMinutes(15), T0);
        Assert.Equal(T0.AddMinutes(15), Restart().ExtensionMobility.Lockouts(T0.AddMinutes(14))["alice"]);
    }

    [Fact]
    public void A_refused_login_writes_nothing_and_is_a_StorageException()
    {
        var store = Store;
        store.SaveLogin(new("SEP000000000001", "alice", "UDP_alice", T0, null), []);
        Engine.DropTable("em_last_user");
        // The login row would go in first; the last-user row fails: the transaction takes both back.
        AssertRefused(() => store.SaveLogin(new("SEP000000000002", "bob", "UDP_bob", T0, null), ["SEP000000000001"]),
            "saving the login of bob to SEP000000000002");
        Assert.Equal(["alice"], store.Logins().Select(l => l.UserId));
        AssertRefused(() => store.LastUsers(), "reading the last users of phones");
        Engine.DropTable("em_pin");
        AssertRefused(() => store.SavePin("alice", new StoredPin([1], [2]), T0), "saving the PIN of alice");
        AssertRefused(() => store.ChangedPins(), "reading changed PINs");
        Engine.DropTable("em_login");
        AssertRefused(() => store.DeleteLogin("SEP000000000001"), "removing the login on SEP000000000001");
        AssertRefused(() => store.Logins(), "reading Extension Mobility logins");
        Engine.DropTable("em_lockout");
        AssertRefused(() => store.SaveLockout("alice", T0.AddMinutes(15), T0), "saving the lockout of alice");
        AssertRefused(() => store.Lockouts(T0), "reading Extension Mobility lockouts");
    }
}

public sealed class SqliteExtensionMobilityStoreContractTests() : ExtensionMobilityStoreContract(new SqliteDatabaseUnderTest());
