using SipGateway.Features.ExtendConnect.Errors;
using SipGateway.Features.ExtendConnect.RemoteDestinations;

namespace SipGateway.Features.ExtendConnect.Tests;

public class RemoteDestinationBookTests
{
    private static string Code(Action action) => Assert.Throws<CtiException>(action).Error.Code;

    [Fact]
    public void Four_destinations_by_default_then_RD_LIMIT()
    {
        using var s = new ExtendConnectScenario();
        for (int i = 0; i < 4; i++) s.Book.Add("CTRIDalice", $"9400{i}", null, false);
        Assert.Equal("RD_LIMIT", Code(() => s.Book.Add("CTRIDalice", "94009", null, false)));
        Assert.Equal(4, s.Book.Of("CTRIDalice").Count);
        // The limit is per device: bob still has room.
        s.Book.Add("CTRIDbob", "94009", null, false);
    }

    [Fact]
    public void The_limit_is_configurable_up_to_ten()
    {
        using var s = new ExtendConnectScenario(maxRemoteDestinations: 10);
        for (int i = 0; i < 10; i++) s.Book.Add("CTRIDalice", $"9410{i}", null, false);
        Assert.Equal("RD_LIMIT", Code(() => s.Book.Add("CTRIDalice", "94199", null, false)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    public void A_limit_outside_1_to_10_is_refused(int max) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExtendConnectScenario(maxRemoteDestinations: max));

    [Fact]
    public void A_number_is_unique_across_devices_and_users()
    {
        using var s = new ExtendConnectScenario();
        s.Book.Add("CTRIDalice", "94085", "mobile", false);
        Assert.Equal("RD_NOT_UNIQUE", Code(() => s.Book.Add("CTRIDbob", "94085", null, false)));
        Assert.Equal("RD_NOT_UNIQUE", Code(() => s.Book.Add("CTRIDalice", "9-4085", null, false)));
    }

    [Fact]
    public void The_91_and_plus_1_forms_collide_as_RD_NOT_UNIQUE()
    {
        using var s = new ExtendConnectScenario();
        var rd = s.Book.Add("CTRIDalice", "91-4085555555", null, false);
        Assert.Equal("914085555555", rd.Number);
        Assert.Equal("RD_NOT_UNIQUE", Code(() => s.Book.Add("CTRIDbob", "+1-4085555555", null, false)));
    }

    [Theory]
    [InlineData("1000")] // a phone's line
    [InlineData("2001")] // another remote device's line
    public void A_directory_number_is_RD_IS_DN(string dn)
    {
        using var s = new ExtendConnectScenario();
        Assert.Equal("RD_IS_DN", Code(() => s.Book.Add("CTRIDalice", dn, null, false)));
    }

    [Fact]
    public void Reachability_uses_the_reroute_css_8XXXX_versus_9XXXX()
    {
        using var s = new ExtendConnectScenario();
        // alice's reroute CSS reaches 9.XXXX only; 8.XXXX lives in a partition it does not search.
        Assert.Equal("94085", s.Book.Add("CTRIDalice", "94085", null, false).Number);
        var error = Assert.Throws<CtiException>(() => s.Book.Add("CTRIDalice", "84085", null, false)).Error;
        Assert.Equal("RD_NOT_REACHABLE", error.Code);
        Assert.Equal(400, error.Status);
        Assert.Contains("CSS_Reroute", error.Detail);
        // carol's reroute CSS is the other way round.
        Assert.Equal("84086", s.Book.Add("CTRIDcarol", "84086", null, false).Number);
        Assert.Equal("RD_NOT_REACHABLE", Code(() => s.Book.Add("CTRIDcarol", "94086", null, false)));
    }

    [Fact]
    public void A_blocked_number_is_not_reachable()
    {
        using var s = new ExtendConnectScenario();
        var error = Assert.Throws<CtiException>(() => s.Book.Add("CTRIDalice", "919005551234", null, false)).Error;
        Assert.Equal("RD_NOT_REACHABLE", error.Code);
        Assert.Contains("premium", error.Detail);
    }

    [Fact]
    public void Bad_numbers_and_unknown_devices_are_refused()
    {
        using var s = new ExtendConnectScenario();
        Assert.Equal("RD_INVALID", Code(() => s.Book.Add("CTRIDalice", "call me", null, false)));
        Assert.Equal("DEVICE_NOT_FOUND", Code(() => s.Book.Add("CTRIDnobody", "94085", null, false)));
        Assert.Equal("DEVICE_NOT_FOUND", Code(() => s.Book.Add("SEP1000", "94085", null, false)));
        Assert.Equal("RD_NOT_FOUND", Code(() => s.Book.Update("CTRIDalice", "94085", null, true)));
        Assert.Equal("RD_NOT_FOUND", Code(() => s.Book.Delete("CTRIDalice", "94085")));
    }

    [Fact]
    public void At_most_one_destination_is_active_per_device()
    {
        using var s = new ExtendConnectScenario();
        var changes = new List<string?>();
        s.Book.ActiveChanged += (_, rd) => changes.Add(rd?.Number);
        s.Book.Add("CTRIDalice", "94001", null, true);
        s.Book.Add("CTRIDalice", "94002", null, true);
        Assert.Equal("94002", s.Book.Active("CTRIDalice")!.Number);
        Assert.Single(s.Book.Of("CTRIDalice"), r => r.Active);
        s.Book.Update("CTRIDalice", "94001", null, true);
        Assert.Equal("94001", s.Book.Active("CTRIDalice")!.Number);
        Assert.Single(s.Book.Of("CTRIDalice"), r => r.Active);
        s.Book.Update("CTRIDalice", "94001", null, false);
        Assert.Null(s.Book.Active("CTRIDalice"));
        Assert.Equal(["94001", "94002", "94001", null], changes);
    }

    [Fact]
    public void Destinations_and_the_active_flag_survive_a_restart()
    {
        using var s = new ExtendConnectScenario();
        s.Book.Add("CTRIDalice", "94001", "desk", false);
        s.Book.Add("CTRIDalice", "+1-4085555555", "mobile", true);
        s.Book.Add("CTRIDbob", "94003", null, false);
        s.Book.Delete("CTRIDbob", "94003");
        var book = s.Open();
        Assert.Equal(["914085555555", "94001"], book.Of("CTRIDalice").Select(r => r.Number).Order());
        Assert.Equal("mobile", book.Active("CTRIDalice")!.Name);
        Assert.Empty(book.Of("CTRIDbob"));
        // Uniqueness holds against what was stored before the restart.
        Assert.Equal("RD_NOT_UNIQUE", Code(() => book.Add("CTRIDbob", "91-4085555555", null, false)));
    }
}
