namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>DialViaOffice: placed by a CTI request; PersistentConnection: the long-lived RD leg; Delivered: a customer on it;
/// Line: an inbound call to the device's line ringing its remote destination through the B2BUA.</summary>
public enum CtiCallKind { DialViaOffice, PersistentConnection, Delivered, Line }
