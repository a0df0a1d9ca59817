namespace SipGateway.Storage;

/// <summary>An Extension Mobility login as stored: phone, user, profile, since when and (with a maximum login time) until when.</summary>
public sealed record MobilityLoginRecord(string Device, string UserId, string Profile, DateTimeOffset LoginTime, DateTimeOffset? ExpiresAt);
