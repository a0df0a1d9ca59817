namespace SipGateway.Features.Paging;

/// <summary>One phone's part in a page.</summary>
public enum RecipientState
{
    Pending,
    Joining,
    Joined,
    /// <summary>The group skips busy phones and this one was on a call (Do Not Disturb is ignored, as UCM's guide says).</summary>
    SkippedBusy,
    Failed,
    Left,
}
