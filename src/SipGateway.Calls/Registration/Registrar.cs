using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Message;
using SipGateway.Sip.Security;
using SipGateway.Sip.Timing;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls.Registration;

/// <summary>
/// The registrar of RFC 3261 §10.3 for the configured devices: authenticates each REGISTER with Digest, checks
/// the device may register the AOR, and updates the AOR's bindings. It takes a parsed, validated request and
/// where it came from and returns the response to send; it never sends anything itself. Thread-safe.
/// </summary>
public sealed class Registrar
{
    private readonly IDeviceCredentialSource _devices;
    private readonly DigestVerifier _verifier;
    private readonly BindingStore _store;
    private readonly TimeProvider _time;
    private readonly RegistrarOptions _options;
    private readonly ILogger _log;
    private readonly DigestLockout? _lockout;

    public Registrar(RegistrarOptions options, IDeviceCredentialSource devices, DigestVerifier verifier, TimeProvider time,
        ILogger<Registrar>? logger = null, DigestLockout? lockout = null)
    {
        _lockout = lockout;
        options.Validate();
        if (verifier.Realm != options.Realm) throw new ArgumentException($"verifier realm '{verifier.Realm}' is not '{options.Realm}'");
        _options = options;
        _devices = devices;
        _verifier = verifier;
        _time = time;
        _store = new BindingStore(time);
        _log = logger ?? NullLogger<Registrar>.Instance;
    }

    /// <summary>A registrar with its own nonce issuer and verifier for <see cref="RegistrarOptions.Realm"/>.</summary>
    public static Registrar Create(RegistrarOptions options, IDeviceCredentialSource devices, TimeProvider time, ILogger<Registrar>? logger = null) =>
        new(options, devices, new DigestVerifier(options.Realm, new NonceIssuer(time, options.NonceLifetime)), time, logger);

    public RegistrarOptions Options => _options;

    /// <summary>Handles one REGISTER received from <paramref name="source"/> and returns the final response.</summary>
    public SipResponse HandleRegister(SipRequest request, SipEndPoint source)
    {
        if (request.Method != SipMethods.Register) throw new ArgumentException($"not a REGISTER: {request.Method}", nameof(request));
        var toTag = RandomNumberGenerator.GetHexString(16, lowercase: true);

        if (!RegisterRequest.TryRead(request, out var register, out var bad))
        {
            _log.RegisterRejected(source, bad);
            return Reply(request, 400, $"Bad Request ({bad})", toTag);
        }

        // A source locked out for password guessing is refused before anything else (issue 24).
        if (_lockout?.IsSourceLocked(source.Address.Address) == true) return Locked(request, toTag);

        // §10.3 step 3: authenticate (RFC 3261 §22).
        var device = Authenticate(request, register, source, toTag, out var failure);
        if (device is null) return failure!;

        // §10.3 step 4: the authenticated device must own the AOR.
        if (!device.MayRegister(register.AorUser))
        {
            _log.AorNotAllowed(source, device.Name, register.Aor);
            return Reply(request, 403, "Forbidden (not allowed to register this address)", toTag);
        }

        if (!TryBuildChanges(register, out var changes, out var tooBrief))
        {
            var interval = Reply(request, 423, null, toTag);
            interval.Headers.Add(HeaderId.MinExpires, _options.MinExpires.ToString(CultureInfo.InvariantCulture));
            _log.IntervalTooBrief(register.Aor, source, tooBrief, _options.MinExpires);
            return interval;
        }

        var result = _store.Apply(new BindingRequest
        {
            Device = device.Name,
            Aor = register.Aor,
            AorKey = register.AorKey,
            CallId = register.CallId,
            CSeq = register.CSeq,
            Source = source,
            UserAgent = register.UserAgent,
            RemoveAll = register.IsWildcard,
            Changes = changes,
        }, _options.MaxContactsPerAor);

        switch (result.Status)
        {
            case BindingUpdateStatus.OutOfOrder:
                _log.CSeqOutOfOrder(register.Aor, source, register.CSeq, register.CallId);
                return Reply(request, 500, "Server Internal Error (out-of-order CSeq)", toTag);
            case BindingUpdateStatus.TooManyContacts:
                return Reply(request, 403, $"Forbidden (more than {_options.MaxContactsPerAor} contacts)", toTag);
        }

        foreach (var b in result.Added)
            _log.Registered(b.Device, b.Aor, b.Uri, b.Source);
        foreach (var b in result.Removed)
            _log.Unregistered(b.Device, b.Aor, b.Uri);

        // §10.3 step 8: 200 listing every current binding with its remaining time, and a Date.
        var ok = Reply(request, 200, null, toTag);
        var now = _time.GetMonotonicTime();
        foreach (var b in result.Bindings) ok.Headers.Add(HeaderId.Contact, FormatContact(b, now));
        ok.Headers.Add(HeaderId.Date, _time.GetUtcNow().ToString("r", CultureInfo.InvariantCulture));
        return ok;
    }

    private DeviceCredential? Authenticate(SipRequest request, RegisterRequest register, SipEndPoint source, string toTag, out SipResponse? failure)
    {
        failure = null;
        if (!_verifier.TryFindCredentials(request, out var credentials, out var malformed))
        {
            _log.MalformedAuthorization(register.Aor, source, malformed);
            failure = Reply(request, 400, $"Bad Request (malformed Authorization: {malformed})", toTag);
            return null;
        }
        if (credentials is null)
        {
            failure = _verifier.CreateChallengeResponse(request, stale: false, toTag);
            return null;
        }

        if (_lockout?.IsUserLocked(credentials.Username, source.Address.Address, IsRegisteredFrom) == true)
        {
            failure = Locked(request, toTag);
            return null;
        }

        // Several devices may share an auth user; the password decides which of them this is.
        var verification = new DigestVerification(DigestOutcome.WrongResponse, "unknown user");
        DeviceCredential? verified = null;
        var candidates = _devices.ByAuthUser(credentials.Username);
        foreach (var candidate in candidates)
        {
            verification = _verifier.Verify(request, credentials, DigestSecret.FromPassword(candidate.Password));
            if (verification.Outcome == DigestOutcome.WrongResponse) continue;
            verified = candidate;
            break;
        }
        if (verification.IsAuthenticated)
        {
            _lockout?.RecordSuccess(credentials.Username);
            // The nonce count is spent now; pick among the devices with this user and password the one owning the AOR.
            return candidates.FirstOrDefault(d => d.Password == verified!.Password && d.MayRegister(register.AorUser)) ?? verified;
        }
        if (verification.IsBadRequest)
        {
            failure = Reply(request, 400, $"Bad Request ({verification.Detail})", toTag);
        }
        else
        {
            // A wrong answer, for a known user or not, counts towards the lockout (stale nonces and replays do not: the
            // answer was right).
            if (verification.Outcome == DigestOutcome.WrongResponse) _lockout?.RecordFailure(source.Address.Address, credentials.Username);
            if (verification.Outcome != DigestOutcome.Stale)
                _log.AuthenticationFailed(register.Aor, source, credentials.Username, verification.Outcome, verification.Detail);
            failure = _verifier.CreateChallengeResponse(request, verification.IsStale, toTag);
        }
        return null;
    }

    /// <summary>
    /// §10.3 step 7: each contact's expiry is its expires parameter, else the Expires header, else our default;
    /// a non-zero expiry below Min-Expires fails the whole request (423), one above the maximum is shortened.
    /// </summary>
    private bool TryBuildChanges(RegisterRequest register, out List<ContactChange> changes, out long tooBrief)
    {
        changes = [];
        tooBrief = 0;
        if (register.IsWildcard) return true;
        foreach (var contact in register.Contacts)
        {
            long requested = RegisterRequest.ReadDeltaSeconds(contact.Parameters.Get("expires"))
                             ?? register.ExpiresHeader
                             ?? _options.DefaultExpires;
            if (requested != 0 && requested < _options.MinExpires)
            {
                tooBrief = requested;
                return false;
            }
            int granted = (int)Math.Min(requested, _options.MaxExpires);
            changes.Add(new ContactChange(contact.Uri, OtherParameters(contact), ReadQ(contact.Parameters.Get("q")), granted));
        }
        return true;
    }

    private static string OtherParameters(NameAddress contact)
    {
        var others = new SipParameters();
        foreach (var p in contact.Parameters)
            if (!string.Equals(p.Key, "expires", StringComparison.OrdinalIgnoreCase) && !string.Equals(p.Key, "q", StringComparison.OrdinalIgnoreCase))
                others.Add(p);
        var sb = new StringBuilder();
        others.AppendTo(sb);
        return sb.ToString();
    }

    private static double? ReadQ(string? text) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var q) && q is >= 0 and <= 1 ? q : null;

    private static string FormatContact(ContactBinding b, TimeSpan now)
    {
        var sb = new StringBuilder(b.Uri.Length + 40).Append('<').Append(b.Uri).Append('>').Append(b.ContactParameters);
        if (b.Q is double q) sb.Append(";q=").Append(q.ToString("0.###", CultureInfo.InvariantCulture));
        return sb.Append(";expires=").Append(b.ExpiresIn(now)).ToString();
    }

    /// <summary>The answer to a locked-out source or user: the same whether the user exists or not.</summary>
    internal static SipResponse Locked(SipRequest request, string toTag) =>
        Reply(request, 403, LockedReason, toTag);

    internal const string LockedReason = "Forbidden (too many failed authentications: try again later)";

    /// <summary>Whether a live binding of a device authenticating as <paramref name="authUser"/> was registered from
    /// <paramref name="address"/>: a locked-out user is still let in from there.</summary>
    public bool IsRegisteredFrom(string authUser, System.Net.IPAddress address)
    {
        foreach (var device in _devices.ByAuthUser(authUser))
            foreach (var b in _store.ForDevice(device.Name))
            {
                var from = b.Source.Address.Address;
                if ((from.IsIPv4MappedToIPv6 ? from.MapToIPv4() : from).Equals(address)) return true;
            }
        return false;
    }

    private static SipResponse Reply(SipRequest request, int code, string? reason, string toTag) =>
        SipResponseFactory.Create(request, code, reason, toTag);

    /// <summary>Live bindings of one device, on every AOR it registered.</summary>
    public IReadOnlyList<ContactBinding> BindingsOfDevice(string deviceName) => _store.ForDevice(deviceName);

    /// <summary>Live bindings of every device that has <paramref name="dn"/> on a line (shared lines ring them all).</summary>
    public IReadOnlyList<ContactBinding> BindingsOfDn(string dn) =>
        _devices.ByDn(dn).SelectMany(d => _store.ForDevice(d.Name)).ToList();

    /// <summary>Live bindings of an AOR as the To of a REGISTER would name it (e.g. <c>sip:1000@sipgw.local</c>).</summary>
    public IReadOnlyList<ContactBinding> BindingsOfAor(SipUri aor) =>
        _store.ForAor($"{aor.Scheme}:{aor.UserUnescaped}@{aor.Host.ToLowerInvariant()}" + (aor.Port is int p ? $":{p}" : ""));

    /// <summary>Every live registration, grouped by device and AOR, sorted: the data of <c>GET /api/registrations</c>.</summary>
    public IReadOnlyList<DeviceRegistration> Snapshot()
    {
        var now = _time.GetMonotonicTime();
        return _store.All()
            .GroupBy(b => (b.Device, b.Aor))
            .OrderBy(g => g.Key.Device, StringComparer.Ordinal).ThenBy(g => g.Key.Aor, StringComparer.Ordinal)
            .Select(g => new DeviceRegistration(g.Key.Device, g.Key.Aor, g.Select(b => new RegisteredContact(
                b.Uri,
                b.Source.Address.ToString(),
                b.Source.Transport.ViaName().ToLowerInvariant(),
                b.ExpiresIn(now),
                b.UserAgent,
                b.Q)).ToList()))
            .ToList();
    }

    /// <summary>Drops expired bindings from memory; lookups already ignore them. For a periodic host timer.</summary>
    public int PurgeExpired() => _store.PurgeExpired();
}
