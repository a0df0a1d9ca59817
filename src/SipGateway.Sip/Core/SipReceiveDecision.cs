using SipGateway.Sip.Message;
using SipGateway.Sip.Parsing;

namespace SipGateway.Sip.Core;

public enum SipReceiveAction
{
    /// <summary>Nothing usable: log and forget (unparseable responses, garbage, error to an ACK).</summary>
    Drop,
    /// <summary>Answer statelessly with <see cref="SipReceiveDecision.Response"/> (400, 416, 420, 501, 505 ...).</summary>
    Respond,
    /// <summary>A valid request: hand it to the transaction layer.</summary>
    DeliverRequest,
    /// <summary>A valid response: hand it to the transaction layer.</summary>
    DeliverResponse,
}

/// <summary>
/// What the stack does with one received message: the parse result, then request/response validation, then the
/// UAS inspection of §8.2. A malformed request is answered 400 with the reason when it carries enough to build a
/// response (Via, Call-ID, CSeq, From, To); otherwise it is dropped, since there is nowhere sensible to reply.
/// </summary>
public sealed record SipReceiveDecision(SipReceiveAction Action, SipMessage? Message, SipResponse? Response, string? Reason)
{
    public static SipReceiveDecision Decide(SipParseResult parsed, UasCapabilities caps, string? toTag = null)
    {
        // The tag of a response made here; generated only when one is (most messages are delivered, not answered).
        string Tag() => toTag ??= SipTags.New();
        if (parsed.Status == SipParseStatus.Invalid)
        {
            if (parsed.Message is SipRequest bad && bad.Method != SipMethods.Ack && CanAnswer(bad))
                return Respond(SipResponseFactory.Create(bad, 400, $"Bad Request ({parsed.Error})", Tag()), parsed.Error);
            return new(SipReceiveAction.Drop, parsed.Message, null, parsed.Error);
        }
        if (parsed.Status != SipParseStatus.Ok || parsed.Message is null)
            return new(SipReceiveAction.Drop, null, null, "incomplete message");

        if (parsed.Message is SipResponse response)
        {
            var why = SipResponseValidator.Validate(response);
            return why is null
                ? new(SipReceiveAction.DeliverResponse, response, null, null)
                : new(SipReceiveAction.Drop, response, null, why);
        }
        var request = (SipRequest)parsed.Message;
        var error = SipRequestValidator.Validate(request);
        if (error is not null)
        {
            if (request.Method == SipMethods.Ack || !CanAnswer(request)) return new(SipReceiveAction.Drop, request, null, error.Reason);
            return Respond(SipResponseFactory.Create(request, error.StatusCode, error.Reason, Tag()), error.Reason);
        }
        var rejection = UasRequestInspector.Inspect(request, caps, toTag);
        if (rejection is not null)
            return request.Method == SipMethods.Ack
                ? new(SipReceiveAction.Drop, request, null, rejection.ReasonPhrase)
                : Respond(rejection, rejection.ReasonPhrase);
        return new(SipReceiveAction.DeliverRequest, request, null, null);
    }

    private static SipReceiveDecision Respond(SipResponse response, string? reason) =>
        new(SipReceiveAction.Respond, null, response, reason);

    /// <summary>
    /// A response copies the request's Via; with a malformed Via the transport answers the packet's source
    /// (RFC 4475 §3.1.2.1 and §3.3.1 expect a 400 even then). Without any Via there is no reply path.
    /// </summary>
    private static bool CanAnswer(SipRequest request) => request.Headers.Contains(HeaderId.Via);
}
