namespace SipGateway.Features.Paging;

/// <summary>Where a page is: the caller hears the stall tone while phones join, then the go-ahead tone, then speaks.</summary>
public enum PageState
{
    Stalling,
    GoAhead,
    Live,
    Ended,
}
