using Microsoft.Extensions.Configuration;
using SipGateway.Routing;

namespace SipGateway.Configuration;

/// <summary>
/// Binds the "DialPlan" section onto the routing core's options and builds the plan with the configured devices
/// and trunks, so a bad pattern or a dangling reference stops start-up with the file, key path and value.
/// </summary>
internal static class DialPlanSettings
{
    public static DialPlan Build(GatewaySettings.Reader reader, IReadOnlyDictionary<string, DeviceOptions> devices,
        IReadOnlyDictionary<string, TrunkOptions> trunks, IEnumerable<DeviceDefinition>? extraDevices = null)
    {
        DialPlanOptions options;
        try
        {
            options = reader.Root.GetSection("DialPlan").Get<DialPlanOptions>() ?? new DialPlanOptions();
        }
        catch (InvalidOperationException ex)
        {
            reader.Fail("DialPlan", null, ex.InnerException?.Message ?? ex.Message);
            throw; // not reached
        }
        var deviceDefinitions = devices.Select(d => new DeviceDefinition
        {
            Name = d.Key,
            DevicePool = d.Value.DevicePool,
            Css = d.Value.Css,
            Lines = d.Value.Lines.Select(l => new DeviceLineDefinition
            {
                Dn = l.Dn, Partition = l.Partition, Css = l.Css, ExternalPhoneNumberMask = l.ExternalPhoneNumberMask,
            }).ToList(),
        }).Concat(extraDevices ?? []);
        var trunkDefinitions = trunks.Select(t => new TrunkDefinition { Name = t.Key, DevicePool = t.Value.DevicePool, InboundCss = t.Value.InboundCss });
        try
        {
            return DialPlan.Build(options, deviceDefinitions, trunkDefinitions);
        }
        catch (DialPlanConfigException ex)
        {
            reader.Fail(ex.KeyPath, ex.Value, ex.Reason + (ex.Position is int p ? $" (position {p})" : ""));
            throw; // not reached
        }
    }
}
