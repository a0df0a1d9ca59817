using SipGateway.Features.ExtendConnect.RemoteDestinations;
using SipGateway.Routing;
using SipGateway.Storage.Sqlite;

namespace SipGateway.Features.ExtendConnect.Tests;

/// <summary>
/// A small dial plan for remote destination rules: PT_PSTN holds 9.XXXX (reached by CSS_Reroute) and PT_Other holds
/// 8.XXXX (reachable only through CSS_Other); PT_Internal holds the lines 1000 (a phone) and 2000/2001 (two CTI
/// remote devices of alice and bob). Every scenario has its own SQLite file.
/// </summary>
internal sealed class ExtendConnectScenario : IDisposable
{
    public ExtendConnectScenario(int maxRemoteDestinations = ExtendConnectOptions.DefaultMaxRemoteDestinations, IReadOnlyList<ApplicationDialRule>? rules = null,
        string? uriTrunk = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("ec-test-").FullName;
        var options = new DialPlanOptions();
        options.Partitions.AddRange(["PT_Internal", "PT_PSTN", "PT_Other"]);
        options.CallingSearchSpaces["CSS_Reroute"] = ["PT_Internal", "PT_PSTN"];
        options.CallingSearchSpaces["CSS_Other"] = ["PT_Other"];
        options.RoutePatterns.Add(new RoutePatternOptions { Pattern = "9.XXXX", Partition = "PT_PSTN", RouteList = "RL" });
        options.RoutePatterns.Add(new RoutePatternOptions { Pattern = "9.1XXXXXXXXXX", Partition = "PT_PSTN", RouteList = "RL" });
        options.RoutePatterns.Add(new RoutePatternOptions { Pattern = "9.1900XXXXXXX", Partition = "PT_PSTN", Block = true, BlockReason = "premium" });
        options.RoutePatterns.Add(new RoutePatternOptions { Pattern = "8.XXXX", Partition = "PT_Other", RouteList = "RL" });
        options.RouteGroups["RG"] = new RouteGroupOptions { Distribution = "TopDown", Members = ["GW"] };
        options.RouteLists["RL"] = [new RouteListEntryOptions { RouteGroup = "RG" }];
        var devices = new List<DeviceDefinition>
        {
            new() { Name = "SEP1000", Lines = [new DeviceLineDefinition { Dn = "1000", Partition = "PT_Internal" }] },
            new() { Name = "CTRIDalice", Lines = [new DeviceLineDefinition { Dn = "2000", Partition = "PT_Internal" }] },
            new() { Name = "CTRIDbob", Lines = [new DeviceLineDefinition { Dn = "2001", Partition = "PT_Internal" }] },
            new() { Name = "CTRIDcarol", Lines = [new DeviceLineDefinition { Dn = "2002", Partition = "PT_Internal" }] },
        };
        Plan = DialPlan.Build(options, devices, [new TrunkDefinition { Name = "GW" }]);
        Options = new ExtendConnectOptions
        {
            MaxRemoteDestinations = maxRemoteDestinations,
            ApplicationDialRules = rules ?? [new ApplicationDialRule("+1", 1, "9")],
            UriTrunk = uriTrunk,
            Devices =
            [
                new RemoteDevice("CTRIDalice", "alice", "CSS_Reroute", "Alice Adams", ["2000"]),
                new RemoteDevice("CTRIDbob", "bob", "CSS_Reroute", "Bob Brown", ["2001"]),
                new RemoteDevice("CTRIDcarol", "carol", "CSS_Other", "Carol Clark", ["2002"]),
            ],
        };
        Book = Open();
    }

    public string Directory { get; }
    public DialPlan Plan { get; }
    public ExtendConnectOptions Options { get; }
    public RemoteDestinationBook Book { get; private set; }

    /// <summary>A new book over the same database file (a gateway restart).</summary>
    public RemoteDestinationBook Open() => Book = new RemoteDestinationBook(Options, Plan, SqliteStateDatabase.Open(Directory).RemoteDestinations);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
