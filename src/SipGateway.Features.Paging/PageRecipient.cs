namespace SipGateway.Features.Paging;

/// <summary>One phone of a page: how it is told to join and leave, and how far it got.</summary>
internal abstract class PageRecipient(string device, PagingMode mode, RecipientGroup group)
{
    private volatile string? _error;
    private int _state = (int)RecipientState.Pending;

    public string Device { get; } = device;
    public PagingMode Mode { get; } = mode;
    public RecipientGroup Group { get; } = group;
    public RecipientState State
    {
        get => (RecipientState)Volatile.Read(ref _state);
        set => Volatile.Write(ref _state, (int)value);
    }
    public string? Error { get => _error; protected set => _error = value; }

    /// <summary>Tells the phone to join; never throws (a failure is recorded on the recipient).</summary>
    public async Task JoinAsync(GroupStream stream, CancellationToken cancellationToken)
    {
        if (State != RecipientState.Pending) return;
        State = RecipientState.Joining;
        try
        {
            await JoinCoreAsync(stream, cancellationToken).ConfigureAwait(false);
            if (State == RecipientState.Joining) State = RecipientState.Joined;
        }
        catch (PagingRecipientException ex)
        {
            Error = ex.Message;
            State = RecipientState.Failed;
        }
        catch (OperationCanceledException)
        {
            // The page ended while the join was on its way: the phone may already have acted on it (its answer was
            // what we stopped waiting for). It stays Joining, so the leave that follows tells it to stop instead of
            // leaving it tuned to the group; a leave that already went has set Left.
            Error ??= "page ended before the phone confirmed joining";
        }
    }

    /// <summary>Tells a phone that joined (or was being told to) to leave; never throws.</summary>
    public async Task LeaveAsync(CancellationToken cancellationToken)
    {
        if (State is not (RecipientState.Joined or RecipientState.Joining)) return;
        try
        {
            await LeaveCoreAsync(cancellationToken).ConfigureAwait(false);
            State = RecipientState.Left;
        }
        catch (PagingRecipientException ex)
        {
            Error = ex.Message;
            State = RecipientState.Failed;
        }
        catch (OperationCanceledException)
        {
            Error = "no answer to the leave request in time";
            State = RecipientState.Failed;
        }
    }

    protected abstract Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken);
    protected abstract Task LeaveCoreAsync(CancellationToken cancellationToken);
}
