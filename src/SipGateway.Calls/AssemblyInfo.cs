namespace SipGateway.Calls;
