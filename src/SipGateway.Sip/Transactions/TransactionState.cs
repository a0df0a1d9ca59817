namespace SipGateway.Sip.Transactions;

/// <summary>The states of RFC 3261 Figures 5–8, plus Accepted from RFC 6026 for the INVITE server transaction.</summary>
public enum TransactionState
{
    Calling,
    Trying,
    Proceeding,
    /// <summary>RFC 6026 §7.1: a 2xx was sent; INVITE retransmissions are absorbed until Timer L.</summary>
    Accepted,
    Completed,
    Confirmed,
    Terminated,
}
