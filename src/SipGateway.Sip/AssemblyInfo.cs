namespace SipGateway.Sip;
