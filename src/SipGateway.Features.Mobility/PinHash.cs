using System.Security.Cryptography;
using System.Text;

namespace SipGateway.Features.Mobility;

/// <summary>
/// A changed PIN as stored: salted SHA-256, so the database file does not give PINs away. (A short numeric PIN is
/// guessable offline from any hash; the lockout is what protects it on line.)
/// </summary>
public sealed record PinHash(byte[] Salt, byte[] Hash)
{
    public static PinHash Of(string pin)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        return new PinHash(salt, Compute(salt, pin));
    }

    /// <summary>UCM PINs are numeric; 4 to 16 digits here.</summary>
    public static bool IsValidPin(string pin) => pin.Length is >= 4 and <= 16 && pin.All(char.IsAsciiDigit);

    public bool Matches(string pin) => CryptographicOperations.FixedTimeEquals(Compute(Salt, pin), Hash);

    private static byte[] Compute(byte[] salt, string pin)
    {
        var bytes = new byte[salt.Length + Encoding.UTF8.GetByteCount(pin)];
        salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(pin, bytes.AsSpan(salt.Length));
        return SHA256.HashData(bytes);
    }
}
