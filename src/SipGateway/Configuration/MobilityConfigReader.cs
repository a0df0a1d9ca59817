using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using SipGateway.Calls.Lines;
using SipGateway.Features.Mobility;
using SipGateway.Routing;

namespace SipGateway.Configuration;

/// <summary>
/// Reads the <c>ExtensionMobility</c> service parameters, <c>Users</c>, <c>DeviceProfiles</c> and the phones'
/// <c>EnableExtensionMobility</c>, checking each value so a mistake names its key path and value. The host reads
/// them once (<see cref="MobilitySettings"/>); the feature gets the typed options and directory.
/// </summary>
public static class MobilityConfigReader
{
    private const string Section = "ExtensionMobility";

    public static MobilityOptions ReadOptions(IConfiguration root)
    {
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "EnforceMaximumLoginTime", "MaximumLoginTime", "MaximumConcurrentRequests", "MultipleLoginBehavior", "AlphanumericUserId",
            "RememberLastUser", "ClearCallLogs", "ValidateIpAddress", "TrustedIps", "AllowProxy", "CacheSize",
            "LockoutFailedAttempts", "LockoutDurationMinutes",
        };
        foreach (var child in root.GetSection(Section).GetChildren())
            if (!keys.Contains(child.Key))
                throw new MobilityConfigException($"{Section}:{child.Key}", child.Value, "unknown Extension Mobility parameter (expected one of " + string.Join(", ", keys) + ")");
        var behaviorText = root[$"{Section}:MultipleLoginBehavior"];
        var behavior = MultipleLoginBehavior.MultipleLoginsNotAllowed;
        if (behaviorText is not null && (!Enum.TryParse(behaviorText, ignoreCase: false, out behavior) || !Enum.IsDefined(behavior) || behaviorText.All(char.IsAsciiDigit)))
            throw new MobilityConfigException($"{Section}:MultipleLoginBehavior", behaviorText, "expected MultipleLoginsAllowed, MultipleLoginsNotAllowed or AutoLogout");
        return new MobilityOptions
        {
            EnforceMaximumLoginTime = Bool(root, "EnforceMaximumLoginTime", false),
            MaximumLoginTime = LoginTime(root),
            MaximumConcurrentRequests = Int(root, "MaximumConcurrentRequests", 5, 1, 10_000),
            MultipleLoginBehavior = behavior,
            AlphanumericUserId = Bool(root, "AlphanumericUserId", true),
            RememberLastUser = Bool(root, "RememberLastUser", true),
            ClearCallLogs = Bool(root, "ClearCallLogs", true),
            ValidateIpAddress = Bool(root, "ValidateIpAddress", false),
            TrustedIps = TrustedIps(root),
            AllowProxy = Bool(root, "AllowProxy", false),
            CacheSize = Int(root, "CacheSize", 10_000, 1_000, 20_000),
            LockoutFailedAttempts = Int(root, "LockoutFailedAttempts", 5, 0, 100),
            LockoutDuration = TimeSpan.FromMinutes(Int(root, "LockoutDurationMinutes", 15, 1, 1440)),
        };
    }

    /// <summary>
    /// Users, profiles and phones. Profile lines must name partitions and CSSs of <paramref name="plan"/>'s options;
    /// a mobility user needs a PIN and at least one existing profile.
    /// </summary>
    public static MobilityDirectory ReadDirectory(IConfiguration root, MobilityOptions options, DialPlanOptions plan)
    {
        var partitions = new HashSet<string>(plan.Partitions ?? [], StringComparer.OrdinalIgnoreCase);
        var css = new HashSet<string>(plan.CallingSearchSpaces?.Keys ?? (IEnumerable<string>)[], StringComparer.OrdinalIgnoreCase);
        var profiles = new List<DeviceProfile>();
        foreach (var p in root.GetSection("DeviceProfiles").GetChildren())
            profiles.Add(ReadProfile(root, p, partitions, css));
        var profileNames = new HashSet<string>(profiles.Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

        var users = new List<MobilityUser>();
        var extensions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var u in root.GetSection("Users").GetChildren())
        {
            var key = "Users:" + u.Key;
            var enable = Bool(root, key + ":EnableMobility", false, absolute: true);
            var pin = root[key + ":Pin"];
            var extension = root[key + ":PrimaryExtension"];
            var userProfiles = u.GetSection("DeviceProfiles").GetChildren().Select(c => c.Value ?? "").ToList();
            if (!enable) continue; // a user without mobility (a CTI user, say) needs none of this
            if (!options.AlphanumericUserId && !u.Key.All(char.IsAsciiDigit))
                throw new MobilityConfigException(key, u.Key, "ExtensionMobility:AlphanumericUserId is false, so a mobility user ID must be digits only");
            if (string.IsNullOrEmpty(pin))
                throw new MobilityConfigException(key + ":Pin", pin, "a user with EnableMobility needs a PIN");
            if (!PinHash.IsValidPin(pin))
                throw new MobilityConfigException(key + ":Pin", pin, "a PIN is 4 to 16 digits");
            if (!string.IsNullOrEmpty(extension))
            {
                if (!extension.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                    throw new MobilityConfigException(key + ":PrimaryExtension", extension, "a primary extension is a directory number (digits, *, # or a leading +)");
                if (extensions.TryGetValue(extension, out var other))
                    throw new MobilityConfigException(key + ":PrimaryExtension", extension, $"already the primary extension of user {other} (loginType=DN needs it unique)");
                extensions[extension] = u.Key;
            }
            if (userProfiles.Count == 0)
                throw new MobilityConfigException(key + ":DeviceProfiles", null, "a user with EnableMobility needs at least one device profile");
            for (int i = 0; i < userProfiles.Count; i++)
                if (!profileNames.Contains(userProfiles[i]))
                    throw new MobilityConfigException($"{key}:DeviceProfiles:{i}", userProfiles[i], "no such profile in DeviceProfiles");
            users.Add(new MobilityUser
            {
                UserId = u.Key, DisplayName = root[key + ":DisplayName"], Pin = pin, PrimaryExtension = extension,
                DeviceProfiles = userProfiles, EnableMobility = true,
            });
        }
        var phones = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in root.GetSection("Devices").GetChildren())
            phones[d.Key] = Bool(root, $"Devices:{d.Key}:EnableExtensionMobility", false, absolute: true);
        return new MobilityDirectory(users, profiles, phones);
    }

    private static DeviceProfile ReadProfile(IConfiguration root, IConfigurationSection p, HashSet<string> partitions, HashSet<string> css)
    {
        var key = "DeviceProfiles:" + p.Key;
        var lines = new List<ProfileLine>();
        int i = 0;
        foreach (var _ in p.GetSection("Lines").GetChildren())
        {
            var lk = $"{key}:Lines:{i++}";
            var dn = root[lk + ":Dn"] ?? "";
            if (dn.Length == 0 || !dn.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                throw new MobilityConfigException(lk + ":Dn", dn, "a directory number is digits, *, # or a leading +");
            var partition = root[lk + ":Partition"];
            if (!string.IsNullOrEmpty(partition) && !partitions.Contains(partition))
                throw new MobilityConfigException(lk + ":Partition", partition, "no such partition in DialPlan:Partitions");
            var lineCss = root[lk + ":Css"];
            if (!string.IsNullOrEmpty(lineCss) && !css.Contains(lineCss))
                throw new MobilityConfigException(lk + ":Css", lineCss, "no such calling search space in DialPlan:CallingSearchSpaces");
            int maxCalls = Int(root, lk + ":MaxCalls", 4, 1, 200, absolute: true);
            int busyTrigger = Int(root, lk + ":BusyTrigger", 2, 1, 200, absolute: true);
            if (busyTrigger > maxCalls)
                throw new MobilityConfigException(lk + ":BusyTrigger", busyTrigger.ToString(CultureInfo.InvariantCulture), $"must not exceed MaxCalls ({maxCalls})");
            var dndOption = root[lk + ":DndOption"] ?? "CallReject";
            if (dndOption is not ("CallReject" or "RingerOff"))
                throw new MobilityConfigException(lk + ":DndOption", dndOption, "expected CallReject or RingerOff");
            var rules = new LineRules
            {
                Dn = dn, MaxCalls = maxCalls, BusyTrigger = busyTrigger,
                ForwardAll = Forward(root, lk + ":CallForwardAll", css), ForwardBusy = Forward(root, lk + ":CallForwardBusy", css),
                ForwardNoAnswer = Forward(root, lk + ":CallForwardNoAnswer", css),
                NoAnswerRingDuration = TimeSpan.FromSeconds(Int(root, lk + ":NoAnswerRingDurationSeconds", 12, 1, 300, absolute: true)),
                DoNotDisturb = Bool(root, lk + ":DoNotDisturb", false, absolute: true),
                DoNotDisturbOption = dndOption == "RingerOff" ? DoNotDisturbOption.RingerOff : DoNotDisturbOption.CallReject,
            };
            var routing = new DeviceLineDefinition { Dn = dn, Partition = partition, Css = lineCss, ExternalPhoneNumberMask = root[lk + ":ExternalPhoneNumberMask"] };
            lines.Add(new ProfileLine(routing, rules, root[lk + ":DisplayName"]));
        }
        if (lines.Count == 0) throw new MobilityConfigException(key + ":Lines", null, "a device profile needs at least one line");
        var speedDials = new List<SpeedDial>();
        int s = 0;
        foreach (var _ in p.GetSection("SpeedDials").GetChildren())
        {
            var sk = $"{key}:SpeedDials:{s++}";
            var number = root[sk + ":Number"] ?? root[sk];
            if (string.IsNullOrEmpty(number) || !number.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                throw new MobilityConfigException(sk + ":Number", number, "a speed dial number is digits, *, # or a leading +");
            speedDials.Add(new SpeedDial(number, root[sk + ":Label"]));
        }
        return new DeviceProfile { Name = p.Key, DisplayName = root[key + ":DisplayName"], Lines = lines, SpeedDials = speedDials };
    }

    private static CallForward? Forward(IConfiguration root, string key, HashSet<string> css)
    {
        var section = root.GetSection(key);
        if (!section.Exists()) return null;
        var destination = section.Value ?? root[key + ":Destination"];
        if (string.IsNullOrEmpty(destination) || !destination.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
            throw new MobilityConfigException(section.Value is null ? key + ":Destination" : key, destination, "a forward destination is digits, *, # or a leading +");
        var forwardCss = section.Value is null ? root[key + ":Css"] : null;
        if (!string.IsNullOrEmpty(forwardCss) && !css.Contains(forwardCss))
            throw new MobilityConfigException(key + ":Css", forwardCss, "no such calling search space in DialPlan:CallingSearchSpaces");
        return new CallForward(destination, forwardCss);
    }

    /// <summary>UCM's "Maximum Login Time" is H:MM, from 0:01 to 168:00.</summary>
    private static TimeSpan LoginTime(IConfiguration root)
    {
        var key = $"{Section}:MaximumLoginTime";
        var v = root[key];
        if (v is null) return TimeSpan.FromHours(8);
        var parts = v.Split(':');
        if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || parts[1].Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59)
            throw new MobilityConfigException(key, v, "expected hours:minutes such as 8:00");
        var t = new TimeSpan(h, m, 0);
        if (t < MobilityOptions.MinimumLoginTime || t > MobilityOptions.MaximumLoginTimeLimit)
            throw new MobilityConfigException(key, v, "expected a time from 0:01 to 168:00");
        return t;
    }

    private static IReadOnlyList<IPNetwork> TrustedIps(IConfiguration root)
    {
        var list = new List<IPNetwork>();
        int i = 0;
        foreach (var c in root.GetSection($"{Section}:TrustedIps").GetChildren())
        {
            var key = $"{Section}:TrustedIps:{i++}";
            var v = c.Value;
            if (v is not null && IPAddress.TryParse(v, out var address)) list.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            else if (v is not null && IPNetwork.TryParse(v, out var network)) list.Add(network);
            else throw new MobilityConfigException(key, v, "expected an IP address (127.0.0.5) or a network (10.1.0.0/16)");
        }
        return list;
    }

    private static bool Bool(IConfiguration root, string key, bool fallback, bool absolute = false)
    {
        var full = absolute ? key : $"{Section}:{key}";
        var v = root[full];
        if (v is null) return fallback;
        if (!bool.TryParse(v, out var b)) throw new MobilityConfigException(full, v, "expected true or false");
        return b;
    }

    private static int Int(IConfiguration root, string key, int fallback, int min, int max, bool absolute = false)
    {
        var full = absolute ? key : $"{Section}:{key}";
        var v = root[full];
        if (v is null) return fallback;
        if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) throw new MobilityConfigException(full, v, "expected a whole number");
        if (n < min || n > max) throw new MobilityConfigException(full, v, $"expected a number from {min:N0} to {max:N0}");
        return n;
    }
}
