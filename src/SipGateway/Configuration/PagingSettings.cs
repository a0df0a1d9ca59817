using System.Net;
using Microsoft.Extensions.Configuration;
using SipGateway.Features.Paging;
using SipGateway.Routing;

namespace SipGateway.Configuration;

/// <summary>
/// Reads and checks the "Paging" section and the paging keys of "Devices" (Paging, PagingUrl, PagingUser,
/// PagingPassword). The limits are the Cisco Paging Server's: 50 phones per recipient group, multicast groups in
/// 239.0.0.0/8 (administratively scoped, RFC 2365) on even ports 20480-32768 (Cisco phones' RTPMRx range).
/// </summary>
internal static class PagingSettings
{
    public static PagingOptions? Read(GatewaySettings.Reader reader, IReadOnlyDictionary<string, DeviceOptions> devices)
    {
        var section = reader.Root.GetSection("Paging");
        if (!section.Exists()) return null;
        var partitions = reader.Root.GetSection("DialPlan:Partitions").GetChildren().Select(p => p.Value).ToHashSet(StringComparer.Ordinal);
        var iface = reader.IpAddress("Paging:MulticastInterface", "127.0.0.1");

        var phones = new Dictionary<string, PagingPhone>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in devices.Keys)
        {
            var key = "Devices:" + name;
            var modeText = reader.Raw(key + ":Paging");
            if (modeText is null) continue;
            if (!Enum.TryParse<PagingMode>(modeText, ignoreCase: false, out var mode) || !Enum.IsDefined(mode))
                reader.Fail(key + ":Paging", modeText, "expected Multicast, SipUnicast, CiscoExecute or Linksys");
            Uri? url = null;
            string? user = reader.Raw(key + ":PagingUser"), password = reader.Raw(key + ":PagingPassword");
            if (mode == PagingMode.CiscoExecute)
            {
                var urlText = reader.Raw(key + ":PagingUrl");
                if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https"))
                    reader.Fail(key + ":PagingUrl", urlText, "a CiscoExecute phone needs the address of its web server, e.g. http://10.1.1.20");
                if (string.IsNullOrEmpty(user))
                    reader.Fail(key + ":PagingUser", user, "a CiscoExecute phone needs the user its /CGI/Execute authenticates (HTTP Basic)");
            }
            if (mode == PagingMode.SipUnicast && devices[name].Type != "SipPhone")
                reader.Fail(key + ":Paging", modeText, "only a registering SipPhone can be called for a page (SipUnicast)");
            IPEndPoint? control = null;
            if (mode == PagingMode.Linksys)
            {
                var controlText = reader.Raw(key + ":PagingControl");
                if (!IPEndPoint.TryParse(controlText ?? "", out control) || control.Port == 0 || control.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                    reader.Fail(key + ":PagingControl", controlText, "a Linksys phone needs the IPv4 ADDRESS:PORT its start/stop control packets go to");
            }
            var direction = reader.String(key + ":PagingSdpDirection", "sendonly");
            if (direction is not ("sendonly" or "sendrecv"))
                reader.Fail(key + ":PagingSdpDirection", direction, "expected sendonly (default) or sendrecv");
            phones[name] = new PagingPhone(name, mode, url, user, password, direction == "sendonly", control);
        }

        var groups = new Dictionary<string, RecipientGroup>(StringComparer.OrdinalIgnoreCase);
        var usedEndPoints = new Dictionary<IPEndPoint, string>();
        foreach (var g in section.GetSection("RecipientGroups").GetChildren())
        {
            var key = "Paging:RecipientGroups:" + g.Key;
            var members = g.GetSection("Devices").GetChildren().Select(d => d.Value ?? "").ToList();
            if (members.Count > PagingOptions.MaxPhonesPerGroup)
                reader.Fail(key + ":Devices", $"{members.Count} phones",
                    $"recipient group {g.Key} has {members.Count} phones; a recipient group holds at most {PagingOptions.MaxPhonesPerGroup}");
            for (int i = 0; i < members.Count; i++)
                if (!devices.ContainsKey(members[i]))
                    reader.Fail($"{key}:Devices:{i}", members[i], $"no such device in Devices (recipient group {g.Key})");
            var text = reader.Raw(key + ":Multicast");
            IPEndPoint? ep = null;
            if (text is null)
            {
                // Without a multicast address the page reaches only phones called over SIP (unicast RTP).
                var joiner = members.FirstOrDefault(m => !phones.TryGetValue(m, out var ph) || ph.Mode != PagingMode.SipUnicast);
                if (joiner is not null)
                    reader.Fail(key + ":Multicast", null, $"device {joiner} joins the group by multicast: give the group a multicast ADDRESS:PORT, or make every phone SipUnicast");
            }
            else
            {
                if (!IPEndPoint.TryParse(text, out ep) || ep.Port == 0 || ep.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                    reader.Fail(key + ":Multicast", text, "expected a multicast ADDRESS:PORT such as 239.10.0.1:20480");
                if (ep.Address.GetAddressBytes()[0] != 239)
                    reader.Fail(key + ":Multicast", text, "the group address must be in 239.0.0.0/8 (administratively scoped multicast)");
                if (ep.Port % 2 != 0 || ep.Port < PagingOptions.MinMulticastPort || ep.Port > PagingOptions.MaxMulticastPort)
                    reader.Fail(key + ":Multicast", text, $"the port must be even, from {PagingOptions.MinMulticastPort} to {PagingOptions.MaxMulticastPort}");
                if (usedEndPoints.TryGetValue(ep, out var other))
                    reader.Fail(key + ":Multicast", text, $"already used by recipient group {other}: each group needs its own address:port");
                usedEndPoints[ep] = g.Key;
            }
            groups[g.Key] = new RecipientGroup(g.Key, ep, members, reader.Bool(key + ":SkipBusy", true), reader.Int(key + ":Volume", 50, 0, 100));
        }

        var dialCast = new List<DialCastNumber>();
        var numbers = new HashSet<(string, string)>();
        int n = 0;
        foreach (var d in section.GetSection("DialCast").GetChildren())
        {
            var key = $"Paging:DialCast:{n++}";
            var number = reader.Raw(key + ":Number") ?? "";
            if (number.Length == 0 || !number.All(c => char.IsAsciiDigit(c) || c is '*' or '#' or '+'))
                reader.Fail(key + ":Number", number, "a DialCast number is a directory number: digits, *, # or a leading +");
            var partition = reader.Raw(key + ":Partition");
            if (!string.IsNullOrEmpty(partition) && !partitions.Contains(partition))
                reader.Fail(key + ":Partition", partition, "no such partition in DialPlan:Partitions");
            if (!numbers.Add((number, partition ?? "")))
                reader.Fail(key + ":Number", number, $"DialCast number {number} is listed twice in partition {partition ?? "<None>"}");
            foreach (var (name, device) in devices)
                if (device.Lines.Any(l => l.Dn == number && (l.Partition ?? "") == (partition ?? "")))
                    reader.Fail(key + ":Number", number, $"already a line of device {name} in partition {partition ?? "<None>"}");
            var names = d.GetSection("RecipientGroups").GetChildren().Select(c => c.Value ?? "").ToList();
            if (names.Count == 0) reader.Fail(key + ":RecipientGroups", null, "name at least one recipient group");
            for (int i = 0; i < names.Count; i++)
                if (!groups.ContainsKey(names[i]))
                    reader.Fail($"{key}:RecipientGroups:{i}", names[i], "no such group in Paging:RecipientGroups");
            dialCast.Add(new DialCastNumber(number, string.IsNullOrEmpty(partition) ? null : partition, names.Select(x => groups[x].Name).ToList()));
        }

        return new PagingOptions
        {
            MulticastInterface = iface,
            Ttl = reader.Int("Paging:Ttl", 1, 0, 255),
            MaxConcurrentPages = reader.Int("Paging:MaxConcurrentPages", 50, 1, 10_000),
            MinimumStall = TimeSpan.FromMilliseconds(reader.Int("Paging:MinimumStallMilliseconds", 0, 0, 30_000)),
            JoinTimeout = TimeSpan.FromMilliseconds(reader.Int("Paging:JoinTimeoutMilliseconds", 3000, 100, 60_000)),
            DialCast = dialCast,
            RecipientGroups = groups,
            Phones = phones,
        };
    }

    /// <summary>Each DialCast number as a line of its own pseudo-device, so digit analysis finds it as a DN in its partition.</summary>
    public static IEnumerable<DeviceDefinition> DialCastLines(PagingOptions? paging) => paging is null ? [] :
        paging.DialCast.Select(d => new DeviceDefinition
        {
            Name = "DialCast " + d.Number + (d.Partition is null ? "" : " " + d.Partition),
            Lines = [new DeviceLineDefinition { Dn = d.Number, Partition = d.Partition }],
        });
}
