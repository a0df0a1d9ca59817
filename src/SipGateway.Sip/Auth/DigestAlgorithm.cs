using System.Security.Cryptography;
using System.Text;

namespace SipGateway.Sip.Auth;

/// <summary>
/// A digest hash algorithm of the RFC 7616 §6.1 registry that this stack supports: MD5 and SHA-256, each with its
/// "-sess" variant. SHA-512-256 (RFC 8760 §2.1) has no BCL implementation and is treated as unknown.
/// </summary>
public sealed class DigestAlgorithm
{
    public static readonly DigestAlgorithm Md5 = new("MD5", session: false, sha256: false);
    public static readonly DigestAlgorithm Md5Sess = new("MD5-sess", session: true, sha256: false);
    public static readonly DigestAlgorithm Sha256 = new("SHA-256", session: false, sha256: true);
    public static readonly DigestAlgorithm Sha256Sess = new("SHA-256-sess", session: true, sha256: true);

    private static readonly DigestAlgorithm[] Known = [Md5, Md5Sess, Sha256, Sha256Sess];

    private readonly bool _sha256;

    private DigestAlgorithm(string name, bool session, bool sha256)
    {
        Name = name;
        IsSession = session;
        _sha256 = sha256;
    }

    /// <summary>The token as written in the algorithm parameter.</summary>
    public string Name { get; }

    /// <summary>The "-sess" variants fold nonce and cnonce into HA1 (RFC 7616 §3.4.2).</summary>
    public bool IsSession { get; }

    /// <summary>The algorithm without "-sess": the one a stored HA1 belongs to.</summary>
    public DigestAlgorithm Base => _sha256 ? Sha256 : Md5;

    /// <summary>
    /// Finds an algorithm by name, case-insensitively (RFC 7616 §3.3). An absent parameter means MD5 (RFC 7616 §3.3,
    /// RFC 2617 §3.2.1); an unknown name yields false so the caller can reject it cleanly.
    /// </summary>
    public static bool TryGet(string? name, out DigestAlgorithm algorithm)
    {
        if (name is null)
        {
            algorithm = Md5;
            return true;
        }
        foreach (var a in Known)
        {
            if (string.Equals(a.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = a;
                return true;
            }
        }
        algorithm = Md5;
        return false;
    }

    /// <summary>H(data): the lowercase hex hash of the UTF-8 bytes (RFC 7616 §3.4.1, charset UTF-8).</summary>
    public string Hash(string data) => Hash(Encoding.UTF8.GetBytes(data));

    public string Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        int n = _sha256 ? SHA256.HashData(data, digest) : MD5.HashData(data, digest);
        return Convert.ToHexStringLower(digest[..n]);
    }

    /// <summary>Length of a response value in hex digits: 32 for MD5, 64 for SHA-256.</summary>
    public int HexLength => _sha256 ? 64 : 32;

    public override string ToString() => Name;
}
