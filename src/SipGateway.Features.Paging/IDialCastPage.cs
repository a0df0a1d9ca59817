namespace SipGateway.Features.Paging;

/// <summary>One reserved page. <see cref="DialCastRouteHandler"/> starts it once the gateway answered the caller and ends it exactly once when the
/// call ends (or when it could not be answered, which releases the reservation).</summary>
public interface IDialCastPage
{
    /// <summary>The caller's leg is answered with G.711 mu-law and its RTP is running.</summary>
    void Start(DialCastCall call);

    /// <summary>The call ended (caller hung up, or the answer failed): recipients leave, the stream stops.</summary>
    void End(string reason);
}
