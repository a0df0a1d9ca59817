namespace SipGateway.Features.Mobility;

/// <summary>A user logged in to a phone: which profile it took, since when, and (with a maximum login time) until when.</summary>
public sealed record MobilityLogin(string Device, string UserId, string Profile, DateTimeOffset LoginTime, DateTimeOffset? ExpiresAt);
