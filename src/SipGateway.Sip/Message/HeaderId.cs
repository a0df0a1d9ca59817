namespace SipGateway.Sip.Message;

/// <summary>Headers the stack understands by identity; everything else is <see cref="Other"/>.</summary>
public enum HeaderId : byte
{
    Other = 0,
    Via, From, To, CallId, CSeq, Contact, MaxForwards, ContentLength, ContentType, ContentEncoding,
    Route, RecordRoute, Authorization, ProxyAuthorization, WwwAuthenticate, ProxyAuthenticate,
    Expires, MinExpires, Allow, AllowEvents, Supported, Require, ProxyRequire, Unsupported, Accept,
    UserAgent, Server, RSeq, RAck, Event, Subject, ReferTo, ReferredBy, CallInfo, AlertInfo, Date,
    Warning, RetryAfter, SessionExpires, AuthenticationInfo, PAssertedIdentity, Timestamp,
}
