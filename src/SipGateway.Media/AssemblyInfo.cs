namespace SipGateway.Media;
