namespace SipGateway.Storage.Tests.Contract;

/// <summary>The contract of <see cref="ICtiDeviceCallSettingsStore"/>, whatever the engine.</summary>
public abstract class CtiDeviceCallSettingsStoreContract(DatabaseUnderTest engine) : StoreContract(engine)
{
    private ICtiDeviceCallSettingsStore Store => Database.CtiDeviceCallSettings;

    [Fact]
    public void One_row_per_device_ordered_by_device_and_none_when_nothing_is_set()
    {
        Store.Save("CTRIDbob", null, true);
        Store.Save("CTRIDalice", "95555", false);
        Store.Save("CTRIDalice", "95556", true);
        Assert.Equal([("CTRIDalice", "95556", true), ("CTRIDbob", (string?)null, true)], Store.All());
        Store.Save("CTRIDbob", null, false);
        Assert.Equal([("CTRIDalice", "95556", true)], Store.All());
        Store.Save("CTRIDnobody", null, false);
        Assert.Single(Store.All());
    }

    [Fact]
    public void Device_names_compare_without_case_as_in_ucm()
    {
        Store.Save("CTRIDalice", "95555", false);
        Store.Save("ctridALICE", "95556", false);
        Assert.Equal([("CTRIDalice", "95556", false)], Store.All());
        Store.Save("ctridalice", null, false);
        Assert.Empty(Store.All());
    }

    [Fact]
    public void Settings_survive_a_restart()
    {
        Store.Save("CTRIDalice", "95555", true);
        Assert.Equal([("CTRIDalice", "95555", true)], Restart().CtiDeviceCallSettings.All());
    }

    [Fact]
    public void A_missing_table_is_a_StorageException_naming_the_operation()
    {
        var store = Store;
        Engine.DropTable("cti_device_call_settings");
        AssertRefused(() => store.All(), "reading CTI device call settings");
        AssertRefused(() => store.Save("CTRIDalice", "95555", true), "saving the call settings of CTRIDalice");
    }
}

public sealed class SqliteCtiDeviceCallSettingsStoreContractTests() : CtiDeviceCallSettingsStoreContract(new SqliteDatabaseUnderTest());
