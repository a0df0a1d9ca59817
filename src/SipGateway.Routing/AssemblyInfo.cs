namespace SipGateway.Routing;
