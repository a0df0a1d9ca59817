using Microsoft.Extensions.Configuration;
using SipGateway.Features.Mobility;
using SipGateway.Routing;

namespace SipGateway.Configuration;

/// <summary>Extension Mobility's configuration: service parameters, users, profiles, and what the dial plan is rebuilt from.</summary>
public sealed record MobilitySettings(MobilityOptions Options, MobilityDirectory Directory, DialPlanOptions DialPlanOptions)
{
    /// <summary>Reads and checks the ExtensionMobility, Users and DeviceProfiles sections (a mistake stops start-up like any config error).</summary>
    internal static MobilitySettings Read(GatewaySettings.Reader reader)
    {
        try
        {
            var options = MobilityConfigReader.ReadOptions(reader.Root);
            var plan = reader.Root.GetSection("DialPlan").Get<DialPlanOptions>() ?? new DialPlanOptions();
            return new MobilitySettings(options, MobilityConfigReader.ReadDirectory(reader.Root, options, plan), plan);
        }
        catch (MobilityConfigException ex)
        {
            reader.Fail(ex.KeyPath, ex.Value, ex.Reason);
            throw; // not reached
        }
    }
}
