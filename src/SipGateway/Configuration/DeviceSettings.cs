using Microsoft.Extensions.Configuration;

namespace SipGateway.Configuration;

/// <summary>Reads and checks the "Devices" section: types, lines, credentials of phones that register.</summary>
internal static class DeviceSettings
{
    private static readonly string[] Types = ["SipPhone", "CtiRemoteDevice", "SipTrunk"];

    public static IReadOnlyDictionary<string, DeviceOptions> Read(GatewaySettings.Reader reader)
    {
        var devices = new Dictionary<string, DeviceOptions>(StringComparer.OrdinalIgnoreCase);
        var authUsers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in reader.Root.GetSection("Devices").GetChildren())
        {
            var name = section.Key;
            var key = "Devices:" + name;
            var device = new DeviceOptions
            {
                Type = reader.String(key + ":Type", "SipPhone"),
                DevicePool = reader.Raw(key + ":DevicePool"),
                Css = reader.Raw(key + ":Css"),
                AuthUser = reader.Raw(key + ":AuthUser"),
                Password = reader.Raw(key + ":Password"),
                DisplayName = reader.Raw(key + ":DisplayName"),
                Owner = reader.Raw(key + ":Owner"),
                RerouteCss = reader.Raw(key + ":RerouteCss"),
                EnableExtensionMobility = reader.Bool(key + ":EnableExtensionMobility", false),
            };
            if (!Types.Contains(device.Type)) reader.Fail(key + ":Type", device.Type, "expected one of " + string.Join(", ", Types));
            if (device.Type == "SipPhone")
            {
                if (string.IsNullOrEmpty(device.AuthUser)) reader.Fail(key + ":AuthUser", device.AuthUser, "a SIP phone needs the user name it authenticates with");
                if (string.IsNullOrEmpty(device.Password)) reader.Fail(key + ":Password", device.Password, "a SIP phone needs a digest password");
                if (authUsers.TryGetValue(device.AuthUser, out var other))
                    reader.Fail(key + ":AuthUser", device.AuthUser, $"already used by device {other}");
                authUsers[device.AuthUser] = name;
            }
            int i = 0;
            foreach (var lineSection in section.GetSection("Lines").GetChildren())
            {
                var lk = $"{key}:Lines:{i++}";
                var line = new LineOptions
                {
                    Dn = reader.Raw(lk + ":Dn") ?? "",
                    Partition = reader.Raw(lk + ":Partition"),
                    Css = reader.Raw(lk + ":Css"),
                    DisplayName = reader.Raw(lk + ":DisplayName"),
                    ExternalPhoneNumberMask = reader.Raw(lk + ":ExternalPhoneNumberMask"),
                    MaxCalls = reader.Int(lk + ":MaxCalls", 4, 1, 200),
                    BusyTrigger = reader.Int(lk + ":BusyTrigger", 2, 1, 200),
                };
                if (line.Dn.Length == 0 || !line.Dn.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                    reader.Fail(lk + ":Dn", line.Dn, "a directory number is digits, *, # or a leading +");
                if (line.BusyTrigger > line.MaxCalls)
                    reader.Fail(lk + ":BusyTrigger", line.BusyTrigger.ToString(), $"must not exceed MaxCalls ({line.MaxCalls})");
                device.Lines.Add(line);
            }
            devices[name] = device;
        }
        return devices;
    }
}
