namespace SipGateway.Features.ExtendConnect.Calls;

public enum CtiCallKind { DialViaOffice, PersistentConnection, Delivered }
