using Microsoft.Extensions.Logging;
using SipGateway.Calls.CallControl;
using SipGateway.Calls.Registration;
using SipGateway.Sip.Auth;
using SipGateway.Sip.Core;
using SipGateway.Sip.Dialogs;
using SipGateway.Sip.Message;
using SipGateway.Sip.Security;
using SipGateway.Sip.Transactions;
using SipGateway.Sip.Transport;

namespace SipGateway.Calls;

/// <summary>
/// The gateway's UAS core (RFC 3261 §8.2) above the dialog router: answers OPTIONS (§11.2), hands REGISTER to the
/// registrar, identifies the caller of an INVITE (a trunk by its source address, else a device by digest) and hands
/// it to the B2BUA. The <see cref="DialogRouter"/> below answers in-dialog requests for unknown dialogs (481) and
/// out-of-order CSeqs (500).
/// </summary>
public sealed class GatewayUserAgentCore : ISipDialogUser
{
    private readonly Registrar _registrar;
    private readonly DigestVerifier _verifier;
    private readonly IDeviceCredentialSource _devices;
    private readonly UasCapabilities _capabilities;
    private readonly string _userAgent;
    private readonly ILogger _log;
    private readonly BackToBackUserAgent? _calls;
    private readonly DigestLockout? _lockout;

    public GatewayUserAgentCore(Registrar registrar, DigestVerifier verifier, IDeviceCredentialSource devices,
        UasCapabilities capabilities, string userAgent, ILogger<GatewayUserAgentCore> logger, BackToBackUserAgent? calls = null,
        DigestLockout? lockout = null)
    {
        _lockout = lockout;
        _calls = calls;
        _registrar = registrar;
        _verifier = verifier;
        _devices = devices;
        _capabilities = capabilities;
        _userAgent = userAgent;
        _log = logger;
    }

    public void OnRequest(ServerTransaction transaction, Dialog? dialog)
    {
        var request = transaction.Request;
        try
        {
            if (dialog is not null && _calls is not null && _calls.OnInDialogRequest(transaction, dialog)) return;
            switch (request.Method)
            {
                case SipMethods.Options:
                    transaction.SendResponse(OptionsResponse(transaction));
                    break;
                case SipMethods.Register:
                    var answer = _registrar.HandleRegister(request, transaction.Remote);
                    answer.Headers.Add(HeaderId.Server, _userAgent);
                    transaction.SendResponse(answer);
                    break;
                case SipMethods.Invite:
                    OnInvite(transaction);
                    break;
                case SipMethods.Bye or SipMethods.Update or SipMethods.Prack or SipMethods.Info when dialog is null:
                    // Mid-dialog methods outside any dialog (§12.2.2).
                    transaction.SendResponse(transaction.CreateResponse(481, "Call/Transaction Does Not Exist"));
                    break;
                case SipMethods.Bye:
                    transaction.SendResponse(transaction.CreateResponse(200));
                    break;
                case SipMethods.Refer or SipMethods.Notify when dialog is null:
                    // Transfers are taken inside an established call only (RFC 3515 allows more; we do not).
                    transaction.SendResponse(transaction.CreateResponse(481,
                        "Call/Transaction Does Not Exist (REFER and NOTIFY are accepted inside a call only)"));
                    break;
                case SipMethods.Notify:
                    transaction.SendResponse(transaction.CreateResponse(200));
                    break;
                default:
                    var r = transaction.CreateResponse(405);
                    r.Headers.Add(HeaderId.Allow, _capabilities.AllowHeader);
                    transaction.SendResponse(r);
                    break;
            }
        }
        catch (Exception ex)
        {
            _log.RequestFailed(ex, request.Method, request.CallId);
            if (!transaction.HasFinalResponse) transaction.SendResponse(transaction.CreateResponse(500, "Server Internal Error"));
        }
    }

    private SipResponse OptionsResponse(ServerTransaction transaction)
    {
        var r = transaction.CreateResponse(200);
        r.Headers.Add(HeaderId.Allow, _capabilities.AllowHeader);
        r.Headers.Add(HeaderId.Accept, _capabilities.AcceptHeader);
        r.Headers.Add(HeaderId.Supported, _capabilities.SupportedHeader);
        r.Headers.Add("Accept-Language", "en");
        r.Headers.Add(HeaderId.Server, _userAgent);
        return r;
    }

    private void OnInvite(ServerTransaction transaction)
    {
        var request = transaction.Request;
        // A B2BUA relays a request onward, so a spent Max-Forwards ends here (§16.3 step 3 applied to our outbound leg).
        if (request.MaxForwards == 0)
        {
            transaction.SendResponse(transaction.CreateResponse(483, "Too Many Hops"));
            return;
        }
        // A trunk is recognised by where its INVITE comes from; everyone else proves who they are (no open relay).
        if (_calls?.Trunks.FromSource(transaction.Remote.Address.Address) is { } trunk)
        {
            _calls.OnInvite(transaction, CallerIdentity.FromTrunk(trunk));
            return;
        }
        var source = transaction.Remote.Address.Address;
        // A source locked out for password guessing is refused before anything else (issue 24).
        if (_lockout?.IsSourceLocked(source) == true)
        {
            transaction.SendResponse(transaction.CreateResponse(403, Registrar.LockedReason));
            return;
        }
        if (!_verifier.TryFindCredentials(request, out var credentials, out var error) || credentials is null)
        {
            // No credentials: challenged whatever the From (Security:Auth:AlwaysChallenge, the default), so the answer does
            // not tell a scanner which extensions exist (RFC 3261 §26.3.2.4); only a device's credentials get past it, so an
            // unknown peer never reaches digit analysis (no open relay, no toll fraud). The lab setting (false) refuses a
            // From that is no configured device with a 403 naming the reason.
            var fromUser = request.From?.Uri.UserUnescaped;
            if (_lockout?.Options.AlwaysChallenge != true
                && (fromUser is null || _devices.ByAuthUser(fromUser).Count == 0 && _devices.ByDn(fromUser).Count == 0))
            {
                _log.UnknownSourceRefused(request.CallId, transaction.Remote, fromUser);
                transaction.SendResponse(transaction.CreateResponse(403, "Forbidden (unknown caller: not a trunk and not a configured device)"));
                return;
            }
            if (error is not null) _log.UnusableCredentials(request.CallId, error);
            transaction.SendResponse(_verifier.CreateChallengeResponse(request, toTag: transaction.LocalTag));
            return;
        }
        if (_lockout?.IsUserLocked(credentials.Username, source, _registrar.IsRegisteredFrom) == true)
        {
            transaction.SendResponse(transaction.CreateResponse(403, Registrar.LockedReason));
            return;
        }
        var device = _devices.ByAuthUser(credentials.Username).FirstOrDefault();
        if (device is null && _lockout is not null)
        {
            // An unknown user is answered like a wrong password (a new challenge) and counted alike: the answer does not
            // tell a guesser which users exist.
            _lockout.RecordFailure(source, credentials.Username);
            _log.InviteAuthenticationFailed(request.CallId, transaction.Remote, credentials.Username, "unknown user");
            transaction.SendResponse(_verifier.CreateChallengeResponse(request, toTag: transaction.LocalTag));
            return;
        }
        if (device is null)
        {
            transaction.SendResponse(transaction.CreateResponse(403, "Forbidden (unknown user)"));
            return;
        }
        var verification = _verifier.Verify(request, credentials, DigestSecret.FromPassword(device.Password));
        if (!verification.IsAuthenticated)
        {
            if (verification.Outcome == DigestOutcome.WrongResponse)
            {
                _lockout?.RecordFailure(source, credentials.Username);
                _log.InviteAuthenticationFailed(request.CallId, transaction.Remote, credentials.Username, verification.Detail);
            }
            transaction.SendResponse(verification.IsBadRequest
                ? transaction.CreateResponse(400, $"Bad Request ({verification.Detail})")
                : _verifier.CreateChallengeResponse(request, stale: verification.IsStale, toTag: transaction.LocalTag));
            return;
        }
        _lockout?.RecordSuccess(credentials.Username);
        if (_calls is null)
        {
            transaction.SendResponse(transaction.CreateResponse(480, "Temporarily Unavailable (call routing is not enabled)"));
            return;
        }
        _calls.OnInvite(transaction, CallerIdentity.FromDevice(device.Name));
    }

    public void OnAck(Dialog dialog, SipRequest ack) => _calls?.OnAck(dialog, ack);

    public void OnDialogTerminated(Dialog dialog) => _calls?.OnDialogTerminated(dialog);

    public void OnAckTimeout(Dialog dialog)
    {
        _log.NoAck(dialog.Id.CallId);
        _calls?.OnAckTimeout(dialog);
    }
}
