namespace SipGateway.Calls.CallControl;

/// <summary>Who placed a call: a device that authenticated, or a trunk recognised by its source address.</summary>
public sealed record CallerIdentity(string? Device, TrunkEndpoint? Trunk)
{
    public static CallerIdentity FromDevice(string device) => new(device, null);
    public static CallerIdentity FromTrunk(TrunkEndpoint trunk) => new(null, trunk);
    public override string ToString() => Device is not null ? "device " + Device : "trunk " + Trunk!.Name;
}
