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
                    CallForwardAll = ReadForward(reader, lk + ":CallForwardAll"),
                    CallForwardBusy = ReadForward(reader, lk + ":CallForwardBusy"),
                    CallForwardNoAnswer = ReadForward(reader, lk + ":CallForwardNoAnswer"),
                    NoAnswerRingDurationSeconds = reader.Int(lk + ":NoAnswerRingDurationSeconds", 12, 1, 300),
                    DoNotDisturb = reader.Bool(lk + ":DoNotDisturb", false),
                    DndOption = reader.String(lk + ":DndOption", "CallReject"),
                };
                if (line.DndOption is not ("CallReject" or "RingerOff"))
                    reader.Fail(lk + ":DndOption", line.DndOption, "expected CallReject or RingerOff");
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

    /// <summary>A call forward is either a plain destination string or { "Destination": ..., "Css": ... }.</summary>
    private static CallForwardOptions? ReadForward(GatewaySettings.Reader reader, string key)
    {
        var section = reader.Root.GetSection(key);
        if (!section.Exists()) return null;
        var destination = section.Value ?? reader.Raw(key + ":Destination");
        if (string.IsNullOrEmpty(destination) || !destination.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
            reader.Fail(section.Value is null ? key + ":Destination" : key, destination, "a forward destination is digits, *, # or a leading +");
        return new CallForwardOptions { Destination = destination!, Css = section.Value is null ? reader.Raw(key + ":Css") : null };
    }
}
