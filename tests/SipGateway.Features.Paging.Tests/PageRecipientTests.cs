using System.Net;
using SipGateway.Features.Paging;

namespace SipGateway.Features.Paging.Tests;

public class PageRecipientTests
{
    /// <summary>A phone that takes the join request and has not answered yet when the page ends.</summary>
    private sealed class SlowPhone() : PageRecipient("SEP001", PagingMode.CiscoExecute,
        new RecipientGroup("lobby", new IPEndPoint(IPAddress.Parse("239.10.0.1"), 20480), ["SEP001"], SkipBusy: true))
    {
        public readonly TaskCompletionSource JoinReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Leaves;

        protected override async Task JoinCoreAsync(GroupStream stream, CancellationToken cancellationToken)
        {
            JoinReceived.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        protected override Task LeaveCoreAsync(CancellationToken cancellationToken)
        {
            Leaves++;
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_phone_whose_join_was_cut_short_by_the_end_of_the_page_is_still_told_to_leave()
    {
        var phone = new SlowPhone();
        using var ended = new CancellationTokenSource();
        var join = phone.JoinAsync(null!, ended.Token);
        await phone.JoinReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        ended.Cancel();
        await join.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RecipientState.Joining, phone.State);

        await phone.LeaveAsync(CancellationToken.None);
        Assert.Equal(1, phone.Leaves);
        Assert.Equal(RecipientState.Left, phone.State);
    }

    [Fact]
    public async Task A_leave_sent_while_the_join_was_in_flight_is_not_undone_when_the_join_is_cancelled()
    {
        var phone = new SlowPhone();
        using var ended = new CancellationTokenSource();
        var join = phone.JoinAsync(null!, ended.Token);
        await phone.JoinReceived.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await phone.LeaveAsync(CancellationToken.None);
        ended.Cancel();
        await join.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, phone.Leaves);
        Assert.Equal(RecipientState.Left, phone.State);
    }
}
