using Microsoft.Extensions.Configuration;
using SipGateway.Features.Mobility;
using SipGateway.Routing;

namespace SipGateway.Configuration;

/// <summary>
/// Extension Mobility's configuration: service parameters, users, profiles, and the devices and trunks the dial plan
/// is rebuilt from when logins change.
/// </summary>
public sealed record MobilitySettings(MobilityOptions Options, MobilityDirectory Directory, DialPlanOptions DialPlanOptions,
    IReadOnlyList<DeviceDefinition> Devices, IReadOnlyList<TrunkDefinition> Trunks)
{
    /// <summary>Reads and checks the ExtensionMobility, Users and DeviceProfiles sections (a mistake stops start-up like any config error).</summary>
    internal static MobilitySettings Read(GatewaySettings.Reader reader, IReadOnlyDictionary<string, DeviceOptions> devices,
        IReadOnlyDictionary<string, TrunkOptions> trunks, IEnumerable<DeviceDefinition>? extraDevices = null)
    {
        var deviceDefinitions = devices.Select(d => new DeviceDefinition
        {
            Name = d.Key, DevicePool = d.Value.DevicePool, Css = d.Value.Css,
            Lines = d.Value.Lines.Select(l => new DeviceLineDefinition { Dn = l.Dn, Partition = l.Partition, Css = l.Css, ExternalPhoneNumberMask = l.ExternalPhoneNumberMask }).ToList(),
        }).Concat(extraDevices ?? []).ToList(); // extra: lines other features own (DialCast numbers), kept in every rebuilt plan
        var trunkDefinitions = trunks.Select(t => new TrunkDefinition { Name = t.Key, DevicePool = t.Value.DevicePool, InboundCss = t.Value.InboundCss }).ToList();
        try
        {
            var options = MobilityConfigReader.ReadOptions(reader.Root);
            var plan = reader.Root.GetSection("DialPlan").Get<DialPlanOptions>() ?? new DialPlanOptions();
            var directory = MobilityConfigReader.ReadDirectory(reader.Root, options, plan);
            ProfileLineSwitch.CheckProfiles(new MobilityDialPlanBase(plan, deviceDefinitions, trunkDefinitions, new Dictionary<string, IReadOnlyList<SipGateway.Calls.Lines.LineRules>>()),
                directory, directory.ProfileNames);
            return new MobilitySettings(options, directory, plan, deviceDefinitions, trunkDefinitions);
        }
        catch (MobilityConfigException ex)
        {
            reader.Fail(ex.KeyPath, ex.Value, ex.Reason);
            throw; // not reached
        }
    }
}
