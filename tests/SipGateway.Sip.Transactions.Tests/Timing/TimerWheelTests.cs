using SipGateway.Sip.Timing;
using SipGateway.Sip.Transactions.Tests.Support;

namespace SipGateway.Sip.Transactions.Tests.Timing;

public class TimerWheelTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Timers_fire_in_due_order_at_their_due_time()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(1), 64);
        var fired = new List<(string Name, TimeSpan At)>();
        wheel.Schedule(Ms(300), () => fired.Add(("c", clock.Now)));
        wheel.Schedule(Ms(100), () => fired.Add(("a", clock.Now)));
        wheel.Schedule(Ms(200), () => fired.Add(("b", clock.Now)));
        wheel.Schedule(Ms(100), () => fired.Add(("a2", clock.Now)));

        clock.Advance(Ms(99));
        Assert.Empty(fired);
        clock.Advance(Ms(1000));

        Assert.Equal(["a", "a2", "b", "c"], fired.Select(f => f.Name));
        Assert.Equal([Ms(100), Ms(100), Ms(200), Ms(300)], fired.Select(f => f.At));
        Assert.Equal(0, wheel.Count);
    }

    [Fact]
    public void Cancelled_timer_never_fires_and_cancel_after_firing_reports_false()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(1), 16);
        int a = 0, b = 0;
        var ha = wheel.Schedule(Ms(50), () => a++);
        var hb = wheel.Schedule(Ms(50), () => b++);

        Assert.True(ha.Cancel());
        Assert.False(ha.Cancel());
        Assert.False(ha.IsPending);
        Assert.Equal(1, wheel.Count);
        clock.Advance(Ms(100));

        Assert.Equal(0, a);
        Assert.Equal(1, b);
        Assert.False(hb.Cancel());
    }

    [Fact]
    public void Delays_longer_than_a_revolution_wait_for_their_own_tick()
    {
        // 8 slots of 10 ms: one revolution is 80 ms; 10 s is 125 revolutions.
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(10), 8);
        var at = new List<(int Id, TimeSpan At)>();
        wheel.Schedule(TimeSpan.FromSeconds(10), () => at.Add((1, clock.Now)));
        wheel.Schedule(Ms(80), () => at.Add((2, clock.Now)));     // same slot as 10 s, one revolution
        wheel.Schedule(Ms(90), () => at.Add((3, clock.Now)));
        wheel.Schedule(TimeSpan.FromHours(1), () => at.Add((4, clock.Now)));

        clock.Advance(TimeSpan.FromSeconds(9.99));
        Assert.Equal([(2, Ms(80)), (3, Ms(90))], at);
        clock.Advance(Ms(10));
        Assert.Equal((1, TimeSpan.FromSeconds(10)), at[2]);
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal((4, TimeSpan.FromHours(1)), at[3]);
        Assert.Equal(4, at.Count);
    }

    [Fact]
    public void Many_timers_each_fire_once_never_early_and_in_due_order()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(1), 256);
        var random = new Random(1234);
        var due = new Dictionary<int, TimeSpan>();
        var fired = new List<(int Id, TimeSpan At)>();
        var handles = new List<TimerHandle>();
        for (int i = 0; i < 20_000; i++)
        {
            int id = i;
            var delay = Ms(random.Next(0, 120_000));
            due[id] = delay;
            handles.Add(wheel.Schedule(delay, () => fired.Add((id, clock.Now))));
        }
        var cancelled = new HashSet<int>();
        for (int i = 0; i < handles.Count; i += 7) { Assert.True(handles[i].Cancel()); cancelled.Add(i); }

        clock.Advance(TimeSpan.FromMinutes(3));

        Assert.Equal(due.Count - cancelled.Count, fired.Count);
        Assert.Equal(fired.Count, fired.Select(f => f.Id).Distinct().Count());
        Assert.DoesNotContain(fired, f => cancelled.Contains(f.Id));
        // A zero delay runs on the next tick: a timer never fires inside the Schedule call.
        Assert.All(fired, f => Assert.Equal(due[f.Id] == TimeSpan.Zero ? Ms(1) : due[f.Id], f.At));
        for (int i = 1; i < fired.Count; i++) Assert.True(fired[i - 1].At <= fired[i].At);
    }

    [Fact]
    public void A_callback_can_schedule_and_cancel_other_timers()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(1), 32);
        var at = new List<TimeSpan>();
        TimerHandle? victim = null;
        wheel.Schedule(Ms(10), () =>
        {
            at.Add(clock.Now);
            wheel.Schedule(TimeSpan.Zero, () => at.Add(clock.Now));
            wheel.Schedule(Ms(5), () => at.Add(clock.Now));
            victim!.Cancel();
        });
        victim = wheel.Schedule(Ms(12), () => at.Add(TimeSpan.MaxValue));

        clock.Advance(Ms(100));

        Assert.Equal([Ms(10), Ms(11), Ms(15)], at);
    }

    [Fact]
    public void Delays_that_are_not_whole_ticks_round_up_never_early()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(10), 16);
        TimeSpan? at = null;
        wheel.Schedule(Ms(25), () => at = clock.Now);
        clock.Advance(Ms(29));
        Assert.Null(at);
        clock.Advance(Ms(1));
        Assert.Equal(Ms(30), at);
    }

    [Fact]
    public void A_throwing_callback_does_not_stop_later_timers()
    {
        var clock = new VirtualClock();
        var wheel = clock.CreateWheel(Ms(1), 16);
        bool second = false;
        wheel.Schedule(Ms(5), () => throw new InvalidOperationException("boom"));
        wheel.Schedule(Ms(5), () => second = true);
        clock.Advance(Ms(5));
        Assert.True(second);
    }

    [Fact]
    public async Task Driver_fires_timers_in_real_time_and_stops_cleanly()
    {
        var clock = new RealClock();
        var wheel = new TimerWheel(clock.Time, Ms(1), 512);
        await using var driver = new TimerWheelDriver(wheel, Ms(5));
        var fired = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var start = clock.Now;
        wheel.Schedule(Ms(30), () => fired.TrySetResult(clock.Now));

        driver.Start();
        Assert.True(driver.IsRunning);
        var at = await fired.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(at - start >= Ms(30));

        await driver.StopAsync();
        Assert.False(driver.IsRunning);
        int late = 0;
        wheel.Schedule(TimeSpan.Zero, () => late++);
        await Task.Delay(50);
        Assert.Equal(0, late); // stopped: nothing drives the wheel any more
        driver.Start();
        await driver.StopAsync();
    }

    [Fact]
    public void System_clock_is_monotonic()
    {
        var clock = TimeProvider.System;
        var a = clock.GetMonotonicTime();
        var b = clock.GetMonotonicTime();
        Assert.True(b >= a);
        Assert.True(a >= TimeSpan.Zero);
    }
}
