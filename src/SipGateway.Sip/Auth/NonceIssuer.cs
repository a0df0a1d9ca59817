using System.Buffers.Binary;
using System.Security.Cryptography;
using SipGateway.Sip.Timing;

namespace SipGateway.Sip.Auth;

/// <summary>
/// Issues and checks nonces without keeping any per-nonce state (RFC 7616 §3.3 suggests time-stamp + hash of
/// time-stamp and a private key). A nonce is base64url of: issue time (monotonic ms, 8 bytes), 8 random bytes
/// (so two nonces issued in the same millisecond differ), and the first 16 bytes of HMAC-SHA256 over both with a
/// per-instance random key. A restart therefore invalidates every outstanding nonce, which clients recover from
/// with the next 401.
/// </summary>
public sealed class NonceIssuer
{
    private const int StampBytes = 8, RandomBytes = 8, MacBytes = 16, TotalBytes = StampBytes + RandomBytes + MacBytes;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public NonceIssuer(TimeProvider time, TimeSpan lifetime, byte[]? key = null)
    {
        if (lifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(lifetime));
        _time = time;
        Lifetime = lifetime;
        _key = key is { Length: > 0 } ? key.ToArray() : RandomNumberGenerator.GetBytes(32);
    }

    public TimeSpan Lifetime { get; }

    /// <summary>The clock nonces are stamped and checked on (its monotonic time: a wall-clock step must not expire them).</summary>
    public TimeProvider Time => _time;

    public string Issue()
    {
        Span<byte> nonce = stackalloc byte[TotalBytes];
        BinaryPrimitives.WriteInt64BigEndian(nonce, (long)_time.GetMonotonicTime().TotalMilliseconds);
        RandomNumberGenerator.Fill(nonce.Slice(StampBytes, RandomBytes));
        Mac(nonce[..(StampBytes + RandomBytes)], nonce[(StampBytes + RandomBytes)..]);
        return Base64Url(nonce);
    }

    /// <summary>Checks a nonce; <paramref name="issuedAt"/> is its issue time on the monotonic clock when it is ours.</summary>
    public NonceStatus Check(string? nonce, out TimeSpan issuedAt)
    {
        issuedAt = TimeSpan.Zero;
        if (nonce is null || nonce.Length > 64) return NonceStatus.Unknown;
        Span<byte> bytes = stackalloc byte[48];
        if (!TryDecodeBase64Url(nonce, bytes, out int n) || n != TotalBytes) return NonceStatus.Unknown;
        Span<byte> mac = stackalloc byte[MacBytes];
        Mac(bytes[..(StampBytes + RandomBytes)], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, bytes.Slice(StampBytes + RandomBytes, MacBytes))) return NonceStatus.Unknown;
        issuedAt = TimeSpan.FromMilliseconds(BinaryPrimitives.ReadInt64BigEndian(bytes));
        var age = _time.GetMonotonicTime() - issuedAt;
        // A nonce from the future cannot come from this instance's monotonic clock.
        if (age < -TimeSpan.FromSeconds(1)) return NonceStatus.Unknown;
        return age > Lifetime ? NonceStatus.Expired : NonceStatus.Valid;
    }

    private void Mac(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, full);
        full[..destination.Length].CopyTo(destination);
    }

    private static string Base64Url(ReadOnlySpan<byte> data) =>
        Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static bool TryDecodeBase64Url(string text, Span<byte> destination, out int written)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        return Convert.TryFromBase64String(s, destination, out written);
    }
}
