using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using SipGateway.Storage;

namespace SipGateway.Features.Mobility;

/// <summary>
/// Extension Mobility: users log in to phones with a PIN and the phone takes their device profile until they log out,
/// the maximum login time ends it, or (AutoLogout) they log in elsewhere. Logins are kept in the state database and
/// restored with their remaining time at start-up, so an auto-logout due while the gateway was down happens on restart.
/// A login or logout is written to the database first: one the database refuses changes nothing (error 6).
/// </summary>
/// <remarks>
/// Two ways in, neither blocking on a task: <see cref="LoginAsync"/>/<see cref="LogoutAsync"/> for HTTP requests
/// (they wait for the dial plan rebuild without a thread), <see cref="Login"/>/<see cref="Logout"/> for callers that
/// are on their own thread anyway (start-up, the maximum-login-time timer, administrators), which rebuild on it.
/// </remarks>
public sealed class ExtensionMobility : IDisposable
{
    private readonly MobilityOptions _options;
    private readonly MobilityDirectory _directory;
    private readonly IExtensionMobilityStore _store;
    private readonly ProfileLineSwitch? _lines;
    private readonly TimeProvider _clock;
    private readonly ILogger _log;
    private readonly LoginLockout _lockout;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, MobilityLogin> _logins = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ITimer> _expiry = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> _lastUsers = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, PinHash> _changedPins = new(StringComparer.Ordinal);
    private long _loginCount, _logoutCount, _autoLogouts, _failures, _lockouts;

    public ExtensionMobility(MobilityOptions options, MobilityDirectory directory, IExtensionMobilityStore store, ProfileLineSwitch? lines,
        TimeProvider clock, ILogger<ExtensionMobility> logger, Func<string, IEnumerable<System.Net.IPAddress>>? deviceAddresses = null)
    {
        Sources = new SourceAddressCheck(options, deviceAddresses ?? (_ => []));
        _options = options;
        _directory = directory;
        _store = store;
        _lines = lines;
        _clock = clock;
        _log = logger;
        _lockout = new LoginLockout(options.LockoutFailedAttempts, options.LockoutDuration, options.CacheSize, clock);
        Throttle = new RequestThrottle(options.MaximumConcurrentRequests);
    }

    public MobilityOptions Options => _options;
    public MobilityDirectory Directory => _directory;
    public RequestThrottle Throttle { get; }
    /// <summary>ValidateIpAddress: who may log in or out on a phone (the phone's registered address or a trusted one).</summary>
    public SourceAddressCheck Sources { get; }

    /// <summary>
    /// Loads the saved logins: drops those whose phone, user or profile left the config, logs out those whose maximum
    /// login time passed while the gateway was down, re-arms the rest and puts them into effect (on the caller's thread:
    /// start-up waits for it).
    /// </summary>
    /// <exception cref="StorageException">The saved state could not be read or a stale login not removed.</exception>
    public void Restore()
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            foreach (var (user, pin) in _store.ChangedPins()) _changedPins[user] = new PinHash(pin.Salt, pin.Hash);
            foreach (var (device, user) in _store.LastUsers()) _lastUsers[device] = user;
            foreach (var (user, until) in _store.Lockouts(now)) _lockout.Restore(user, until);
            foreach (var saved in _store.Logins())
            {
                var login = new MobilityLogin(saved.Device, saved.UserId, saved.Profile, saved.LoginTime, saved.ExpiresAt);
                var user = _directory.User(login.UserId);
                string? stale = !_directory.MobilityEnabled(login.Device) ? "the phone no longer allows Extension Mobility"
                    : user is null ? "the user no longer has Extension Mobility"
                    : !user.DeviceProfiles.Contains(login.Profile, StringComparer.OrdinalIgnoreCase) ? "the profile is no longer the user's"
                    : null;
                if (_options.EnforceMaximumLoginTime)
                {
                    var due = login.LoginTime + _options.MaximumLoginTime;
                    if (login.ExpiresAt is null || login.ExpiresAt > due) login = login with { ExpiresAt = due };
                    if (stale is null && login.ExpiresAt <= now)
                    {
                        stale = "its maximum login time passed while the gateway was stopped";
                        _autoLogouts++;
                    }
                }
                else login = login with { ExpiresAt = null };
                if (stale is not null)
                {
                    _log.LoggedOutAtStartUp(login.UserId, login.Device, stale);
                    _store.DeleteLogin(login.Device);
                    continue;
                }
                var device = _directory.CanonicalDevice(login.Device);
                login = login with { Device = device };
                _logins[device] = login;
                Arm(login);
            }
            _log.LoginsRestored(_logins.Count);
        }
        _lines?.Apply(Snapshot);
    }

    public IReadOnlyList<MobilityLogin> Logins()
    {
        lock (_gate) return _logins.Values.OrderBy(l => l.LoginTime).ThenBy(l => l.Device, StringComparer.Ordinal).ToList();
    }

    public MobilityLogin? LoginOf(string device)
    {
        lock (_gate) return _logins.GetValueOrDefault(device);
    }

    /// <summary>The last user who logged in on the phone, when RememberLastUser is on.</summary>
    public string? LastUser(string device)
    {
        if (!_options.RememberLastUser) return null;
        lock (_gate) return _lastUsers.GetValueOrDefault(device);
    }

    public MobilityStats Stats()
    {
        lock (_gate)
            return new MobilityStats(Throttle.RequestsInProgress, Throttle.RequestsThrottled, Throttle.Maximum, _logins.Count,
                _loginCount, _logoutCount, _autoLogouts, _failures, _lockouts, _lines?.Rebuilds ?? 0,
                Math.Round(_lines?.RebuildTime.TotalMilliseconds ?? 0, 1));
    }

    /// <summary>The device checks every request starts with (207, 11, 22); null when the phone may use the service.</summary>
    public MobilityError? CheckDevice(string? device)
    {
        if (string.IsNullOrWhiteSpace(device)) return MobilityError.DeviceNameEmpty;
        if (!_directory.DeviceExists(device)) return MobilityError.DeviceDoesNotExist;
        if (!_directory.MobilityEnabled(device)) return MobilityError.DevLogonDisabled;
        return null;
    }

    /// <summary>Logs the user in; returns when the phone's lines are the profile's, the dial plan rebuilt on this thread.</summary>
    public MobilityResult Login(string? deviceName, LoginCredentials credentials)
    {
        var result = RecordLogin(deviceName, credentials, out var login);
        if (login is null) return result;
        _lines?.Apply(Snapshot);
        return LoggedIn(login);
    }

    /// <summary>Logs the user in; completes when the phone's lines are the profile's (calls to the user's DNs reach it).</summary>
    public async Task<MobilityResult> LoginAsync(string? deviceName, LoginCredentials credentials)
    {
        var result = RecordLogin(deviceName, credentials, out var login);
        if (login is null) return result;
        if (_lines is not null) await _lines.ApplyAsync(Snapshot);
        return LoggedIn(login);
    }

    /// <summary>Logs out whoever is logged in to the phone; returns when the phone has its own lines again (rebuilt on this thread).</summary>
    public MobilityResult Logout(string? deviceName, string reason = "logout")
    {
        var result = RecordLogout(deviceName, out var login);
        if (login is null) return result;
        _lines?.Apply(Snapshot);
        return LoggedOut(login, reason);
    }

    /// <summary>Logs out whoever is logged in to the phone (the user at the phone, or an administrator).</summary>
    public async Task<MobilityResult> LogoutAsync(string? deviceName, string reason = "logout")
    {
        var result = RecordLogout(deviceName, out var login);
        if (login is null) return result;
        if (_lines is not null) await _lines.ApplyAsync(Snapshot);
        return LoggedOut(login, reason);
    }

    private MobilityResult LoggedIn(MobilityLogin login)
    {
        _log.LoggedIn(login.UserId, login.Device, login.Profile);
        return new MobilityResult("LoggedIn", login.UserId, login.Profile);
    }

    private MobilityResult LoggedOut(MobilityLogin login, string reason)
    {
        _log.LoggedOut(login.UserId, login.Device, reason);
        return new MobilityResult("LoggedOut", login.UserId, login.Profile);
    }

    /// <summary>
    /// Checks a login and records it (database, then memory); <paramref name="recorded"/> is the new login whose lines
    /// must now be switched in, null when the answer is final (a refusal, or the user already logged in there).
    /// </summary>
    private MobilityResult RecordLogin(string? deviceName, LoginCredentials credentials, out MobilityLogin? recorded)
    {
        recorded = null;
        if (CheckDevice(deviceName) is { } deviceError) return MobilityResult.Failed(deviceError);
        var device = _directory.CanonicalDevice(deviceName!);
        var id = credentials.UserIdOrExtension?.Trim();
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(credentials.Pin)) return MobilityResult.Failed(MobilityError.BlankUserIdOrPin);
        if (_lockout.IsLocked(id)) return MobilityResult.Failed(MobilityError.UserLockedOut, $"too many wrong PINs; try again later");
        var user = credentials.Type == LoginType.DN ? _directory.UserByExtension(id) : _directory.User(id);
        bool idAllowed = credentials.Type == LoginType.DN || _options.AlphanumericUserId || id.All(char.IsAsciiDigit);
        if (user is null || !idAllowed || !PinMatches(user, credentials.Pin)) return WrongPin(id, device);
        _lockout.RecordSuccess(id);
        var profileName = credentials.Profile is { Length: > 0 } p
            ? user.DeviceProfiles.FirstOrDefault(n => string.Equals(n, p, StringComparison.OrdinalIgnoreCase))
            : user.DeviceProfiles.FirstOrDefault();
        if (profileName is null || _directory.Profile(profileName) is null)
            return MobilityResult.Failed(MobilityError.UserProfileAbsent, credentials.Profile is null ? "the user has no device profile" : $"{credentials.Profile} is not one of the user's profiles", user.UserId);

        lock (_gate)
        {
            if (_logins.TryGetValue(device, out var current))
            {
                if (string.Equals(current.UserId, user.UserId, StringComparison.Ordinal))
                    return new MobilityResult("LoggedIn", current.UserId, current.Profile);
                return MobilityResult.Failed(MobilityError.AnotherUserLoggedIn, $"{current.UserId} is logged in to {device}", user.UserId);
            }
            var elsewhere = _logins.Values.Where(l => string.Equals(l.UserId, user.UserId, StringComparison.Ordinal)).Select(l => l.Device).ToList();
            if (elsewhere.Count > 0 && _options.MultipleLoginBehavior == MultipleLoginBehavior.MultipleLoginsNotAllowed)
                return MobilityResult.Failed(MobilityError.UserLoggedInElsewhere, $"logged in to {string.Join(", ", elsewhere)}", user.UserId);
            var autoLogout = _options.MultipleLoginBehavior == MultipleLoginBehavior.AutoLogout ? elsewhere : [];
            var now = _clock.GetUtcNow();
            var login = new MobilityLogin(device, user.UserId, profileName, now, _options.EnforceMaximumLoginTime ? now + _options.MaximumLoginTime : null);
            try
            {
                _store.SaveLogin(new MobilityLoginRecord(login.Device, login.UserId, login.Profile, login.LoginTime, login.ExpiresAt), autoLogout);
            }
            catch (StorageException ex)
            {
                _log.LoginNotSaved(ex, user.UserId, device);
                return MobilityResult.Failed(MobilityError.DatabaseError, ex.Reason, user.UserId);
            }
            foreach (var other in autoLogout)
            {
                Disarm(other);
                _logins.Remove(other);
                _logoutCount++;
                _log.AutoLoggedOut(user.UserId, other, device);
            }
            _logins[device] = login;
            _lastUsers[device] = user.UserId;
            _loginCount++;
            Arm(login);
            recorded = login;
            return new MobilityResult("LoggedIn", login.UserId, login.Profile);
        }
    }

    /// <summary>Removes the phone's login (database, then memory); <paramref name="removed"/> is it, null when the answer is a refusal.</summary>
    private MobilityResult RecordLogout(string? deviceName, out MobilityLogin? removed)
    {
        removed = null;
        if (CheckDevice(deviceName) is { } deviceError) return MobilityResult.Failed(deviceError);
        var device = _directory.CanonicalDevice(deviceName!);
        lock (_gate)
        {
            if (!_logins.TryGetValue(device, out var login)) return MobilityResult.Failed(MobilityError.NoUserLoggedIn, $"nobody is logged in to {device}");
            try
            {
                _store.DeleteLogin(device);
            }
            catch (StorageException ex)
            {
                _log.LoginNotRemoved(ex, device);
                return MobilityResult.Failed(MobilityError.DatabaseError, ex.Reason, login.UserId);
            }
            Disarm(device);
            _logins.Remove(device);
            _logoutCount++;
            removed = login;
            return new MobilityResult("LoggedOut", login.UserId, login.Profile);
        }
    }

    /// <summary>
    /// The change-credential service: a new PIN for <paramref name="userId"/>, or for the user logged in to the phone,
    /// given the old one. Wrong old PINs count towards the lockout like wrong login PINs.
    /// </summary>
    public MobilityResult ChangePin(string? deviceName, string? userId, string? oldPin, string? newPin)
    {
        if (CheckDevice(deviceName) is { } deviceError) return MobilityResult.Failed(deviceError);
        var device = _directory.CanonicalDevice(deviceName!);
        var id = string.IsNullOrWhiteSpace(userId) ? LoginOf(device)?.UserId : userId.Trim();
        if (id is null) return MobilityResult.Failed(MobilityError.NoUserLoggedIn, "name the user (userId) or log in to the phone first");
        if (string.IsNullOrEmpty(oldPin) || string.IsNullOrEmpty(newPin)) return MobilityResult.Failed(MobilityError.BlankUserIdOrPin, null, id);
        if (_lockout.IsLocked(id)) return MobilityResult.Failed(MobilityError.UserLockedOut, "too many wrong PINs; try again later", id);
        var user = _directory.User(id);
        if (user is null || !PinMatches(user, oldPin)) return WrongPin(id, device);
        _lockout.RecordSuccess(id);
        if (!PinHash.IsValidPin(newPin)) return MobilityResult.Failed(MobilityError.NewPinRejected, "a PIN is 4 to 16 digits", id);
        if (newPin == oldPin) return MobilityResult.Failed(MobilityError.NewPinRejected, "the new PIN is the old one", id);
        var hash = PinHash.Of(newPin);
        try
        {
            _store.SavePin(user.UserId, new StoredPin(hash.Salt, hash.Hash), _clock.GetUtcNow());
        }
        catch (StorageException ex)
        {
            _log.PinNotSaved(ex, user.UserId);
            return MobilityResult.Failed(MobilityError.DatabaseError, ex.Reason, id);
        }
        lock (_gate) _changedPins[user.UserId] = hash;
        _log.PinChanged(user.UserId, device);
        return new MobilityResult("PinChanged", user.UserId, null);
    }

    private MobilityResult WrongPin(string id, string device)
    {
        Interlocked.Increment(ref _failures);
        if (_lockout.RecordFailure(id))
        {
            Interlocked.Increment(ref _lockouts);
            _log.LockedOut(id, _options.LockoutDuration, _options.LockoutFailedAttempts, device);
            // Saved so a restart does not hand a guesser a fresh set of tries. Not saved, the lock still holds until then.
            if (_lockout.LockedUntil(id) is { } until)
            {
                try { _store.SaveLockout(id, until, _clock.GetUtcNow()); }
                catch (StorageException ex) { _log.LockoutNotSaved(ex, id); }
            }
        }
        // One answer for an unknown user and a wrong PIN: the service does not tell which user IDs exist.
        return MobilityResult.Failed(MobilityError.AuthenticationError);
    }

    private bool PinMatches(MobilityUser user, string pin)
    {
        PinHash? changed;
        lock (_gate) changed = _changedPins.GetValueOrDefault(user.UserId);
        if (changed is not null) return changed.Matches(pin);
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(user.Pin), Encoding.UTF8.GetBytes(pin));
    }

    private IReadOnlyCollection<MobilityLogin> Snapshot()
    {
        lock (_gate) return _logins.Values.ToList();
    }

    /// <summary>Starts the maximum-login-time timer of a login (caller holds the gate).</summary>
    private void Arm(MobilityLogin login)
    {
        if (login.ExpiresAt is not { } expires) return;
        var due = expires - _clock.GetUtcNow();
        if (due < TimeSpan.Zero) due = TimeSpan.Zero;
        Disarm(login.Device);
        _expiry[login.Device] = _clock.CreateTimer(_ => Expire(login), null, due, Timeout.InfiniteTimeSpan);
    }

    private void Disarm(string device)
    {
        if (_expiry.Remove(device, out var timer)) timer.Dispose();
    }

    /// <summary>The maximum login time ran out: log out, unless this login already ended (a later login is not touched).</summary>
    private void Expire(MobilityLogin login)
    {
        lock (_gate)
        {
            if (!_logins.TryGetValue(login.Device, out var current) || current != login) return;
            Interlocked.Increment(ref _autoLogouts);
        }
        // On the timer's thread, which has nothing else to do: the logout and the dial plan rebuild run here, and
        // nothing may escape (an exception on a timer thread ends the process).
        try
        {
            var result = Logout(login.Device, $"maximum login time of {_options.MaximumLoginTime} reached");
            if (!result.Succeeded) _log.AutomaticLogoutRefused(login.Device, result.Error);
        }
        catch (Exception ex)
        {
            _log.AutomaticLogoutFailed(ex, login.Device);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var t in _expiry.Values) t.Dispose();
            _expiry.Clear();
        }
    }
}
