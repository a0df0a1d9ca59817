namespace SipGateway.Sip.Auth;

/// <summary>
/// Time as nonce expiry and registration bindings need it. <see cref="Monotonic"/> never jumps (wall-clock
/// changes must not expire or revive nonces and bindings); <see cref="UtcNow"/> is for display only.
/// Injected so expiry is unit-tested without sleeping.
/// </summary>
public interface IClock
{
    DateTimeOffset UtcNow { get; }

    /// <summary>Time since an arbitrary, fixed origin; only differences are meaningful.</summary>
    TimeSpan Monotonic { get; }
}
