namespace SipGateway.Calls.Origination;

public enum OriginatedLegState { Calling, Ringing, Answered, Ended }
