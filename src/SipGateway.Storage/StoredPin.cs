namespace SipGateway.Storage;

/// <summary>A changed PIN as stored: the salt and the salted hash (the feature computes and checks them).</summary>
public sealed record StoredPin(byte[] Salt, byte[] Hash);
