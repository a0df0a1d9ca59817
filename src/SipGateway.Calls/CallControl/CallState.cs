namespace SipGateway.Calls.CallControl;

public enum CallState { Routing, Ringing, Answered, Ended }
