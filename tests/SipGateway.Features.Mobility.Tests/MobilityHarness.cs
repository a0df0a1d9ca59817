using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Calls.Lines;
using SipGateway.Routing;
using SipGateway.Configuration;
using SipGateway.Storage;
using SipGateway.Storage.Sqlite;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>
/// Extension Mobility as the host wires it, minus the B2BUA: config read from JSON by the host's reader, state in a real SQLite file in a
/// temporary folder, a manual clock, and the dial plans it switches to recorded.
/// </summary>
internal sealed class MobilityHarness : IDisposable
{
    public const string BaseConfig = """
    {
      "DialPlan": {
        "Partitions": ["PT_Internal", "PT_PSTN"],
        "CallingSearchSpaces": { "CSS_Internal": ["PT_Internal"], "CSS_National": ["PT_Internal", "PT_PSTN"] },
        "RoutePatterns": [ { "Pattern": "9.911", "Partition": "PT_PSTN", "Block": true, "BlockReason": "emergency test" } ]
      },
      "Devices": {
        "SEP000000000001": { "Css": "CSS_National", "EnableExtensionMobility": true, "Lines": [ { "Dn": "1001", "Partition": "PT_Internal" } ] },
        "SEP000000000002": { "Css": "CSS_National", "EnableExtensionMobility": true, "Lines": [ { "Dn": "1002", "Partition": "PT_Internal" } ] },
        "SEP000000000003": { "Css": "CSS_Internal", "Lines": [ { "Dn": "1003", "Partition": "PT_Internal" } ] }
      },
      "Users": {
        "alice": { "DisplayName": "Alice", "Pin": "12345", "PrimaryExtension": "2000", "DeviceProfiles": ["UDP_alice", "UDP_alice_alt"], "EnableMobility": true },
        "bob": { "Pin": "54321", "PrimaryExtension": "2001", "DeviceProfiles": ["UDP_bob"], "EnableMobility": true },
        "carol": { "DisplayName": "Carol (CTI only)" }
      },
      "DeviceProfiles": {
        "UDP_alice": { "DisplayName": "Alice Adams", "SpeedDials": [ { "Number": "1002", "Label": "Desk" } ],
                       "Lines": [ { "Dn": "2000", "Partition": "PT_Internal", "Css": "CSS_Internal", "BusyTrigger": 1, "CallForwardBusy": "1002" } ] },
        "UDP_alice_alt": { "Lines": [ { "Dn": "2100", "Partition": "PT_Internal", "DoNotDisturb": true } ] },
        "UDP_bob": { "Lines": [ { "Dn": "2001", "Partition": "PT_Internal" } ] }
      }
    }
    """;

    public const string Phone1 = "SEP000000000001";
    public const string Phone2 = "SEP000000000002";
    public const string PhoneWithoutMobility = "SEP000000000003";

    private readonly bool _ownsDir;

    public MobilityHarness(JsonObject? extensionMobility = null, string? dataDir = null, ManualClock? clock = null,
        Func<string, IEnumerable<IPAddress>>? deviceAddresses = null, Action<JsonObject>? edit = null)
    {
        Config = JsonNode.Parse(BaseConfig)!.AsObject();
        if (extensionMobility is not null) Config["ExtensionMobility"] = extensionMobility.DeepClone();
        edit?.Invoke(Config);
        var root = Read(Config);
        Options = MobilityConfigReader.ReadOptions(root);
        var planOptions = root.GetSection("DialPlan").Get<DialPlanOptions>()!;
        Directory = MobilityConfigReader.ReadDirectory(root, Options, planOptions);
        var devices = root.GetSection("Devices").GetChildren().Select(d => new DeviceDefinition
        {
            Name = d.Key, Css = d["Css"],
            Lines = d.GetSection("Lines").GetChildren().Select(l => new DeviceLineDefinition { Dn = l["Dn"]!, Partition = l["Partition"] }).ToList(),
        }).ToList();
        var rules = devices.ToDictionary(d => d.Name, d => (IReadOnlyList<LineRules>)d.Lines.Select(l => new LineRules { Dn = l.Dn }).ToList());
        BasePlan = DialPlan.Build(planOptions, devices);
        Switch = new RecordingDialPlanSwitch(BasePlan);
        Base = new MobilityDialPlanBase(planOptions, devices, [], rules);
        Lines = new ProfileLineSwitch(Base, Directory, Switch, TimeProvider.System, NullLogger.Instance);
        _ownsDir = dataDir is null;
        DataDir = dataDir ?? System.IO.Directory.CreateTempSubdirectory("em-test-").FullName;
        Database = SqliteStateDatabase.Open(DataDir);
        Clock = clock ?? new ManualClock();
        Em = new ExtensionMobility(Options, Directory, Database.ExtensionMobility, Lines, Clock, NullLogger<ExtensionMobility>.Instance, deviceAddresses);
        Em.Restore();
        Http = new EmAppService(Em);
    }

    public JsonObject Config { get; }
    public MobilityOptions Options { get; }
    public MobilityDirectory Directory { get; }
    public DialPlan BasePlan { get; }
    public MobilityDialPlanBase Base { get; }
    public RecordingDialPlanSwitch Switch { get; }
    public ProfileLineSwitch Lines { get; }
    public string DataDir { get; }
    public SqliteStateDatabase Database { get; }
    public ManualClock Clock { get; }
    public ExtensionMobility Em { get; }
    public EmAppService Http { get; }

    public static IConfigurationRoot Read(JsonObject config) =>
        new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(config.ToJsonString()))).Build();

    /// <summary>The gateway stopped and started again on the same data folder (and clock).</summary>
    public MobilityHarness Restart(JsonObject? extensionMobility = null)
    {
        Em.Dispose();
        Database.Dispose();
        return new MobilityHarness(extensionMobility ?? Config["ExtensionMobility"] as JsonObject, DataDir, Clock);
    }

    public MobilityResult Login(string device, string user, string pin, string? profile = null) =>
        Em.Login(device, new LoginCredentials(LoginType.UID, user, pin, profile));

    /// <summary>A JSON request to the servlet, as a script would send it.</summary>
    public JsonObject Json(string method, string query, string? body = null, string remote = "127.0.0.1", string? forwardedFor = null, string? via = null)
    {
        var response = Http.EmAppAsync(Request(method, query, body, remote, forwardedFor, via, json: true)).GetAwaiter().GetResult();
        Assert.Equal("application/json", response.ContentType);
        var o = JsonNode.Parse(response.Body)!.AsObject();
        o["httpStatus"] = response.Status;
        return o;
    }

    public static EmAppRequest Request(string method, string query, string? body = null, string remote = "127.0.0.1", string? forwardedFor = null,
        string? via = null, bool json = false) => new()
    {
        Method = method,
        Query = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .ToDictionary(p => Uri.UnescapeDataString(p[0]), p => (string?)(p.Length > 1 ? Uri.UnescapeDataString(p[1]) : ""), StringComparer.OrdinalIgnoreCase),
        WantsJson = json, Body = body, Remote = IPAddress.Parse(remote), ForwardedFor = forwardedFor, Via = via, BaseUrl = "http://gw.test:8080",
    };

    public void Dispose()
    {
        Em.Dispose();
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsDir) try { System.IO.Directory.Delete(DataDir, true); } catch (IOException) { }
    }
}

/// <summary>A connection of the test's own to the database file, to damage it as a failing disk or a bad upgrade would.</summary>
internal static class StateDatabaseFile
{
    public static Microsoft.Data.Sqlite.SqliteConnection Connect(this SqliteStateDatabase database)
    {
        var c = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database.Path}");
        c.Open();
        return c;
    }
}
