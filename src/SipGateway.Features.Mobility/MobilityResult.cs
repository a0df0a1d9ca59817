namespace SipGateway.Features.Mobility;

/// <summary>The outcome of a login, logout or PIN change: "LoggedIn", "LoggedOut", "PinChanged" or "Error" (with the error).</summary>
public sealed record MobilityResult(string Result, string? User, string? Profile, MobilityError? Error = null, string? Detail = null)
{
    public bool Succeeded => Error is null;

    public static MobilityResult Failed(MobilityError error, string? detail = null, string? user = null) => new("Error", user, null, error, detail);
}
