using System.Diagnostics;
using System.Net;
using SipGateway.Media.Events;

namespace SipGateway.Media.Relay;

/// <summary>
/// DTMF on a leg as RFC 4733 telephone events: digits received are reported once each (<see cref="DigitReceived"/>),
/// and <see cref="SendDigitAsync"/> sends one into the leg's stream. Together with
/// <see cref="ForwardTelephoneEvents"/> and <see cref="SipInfoDtmf"/> this interworks RFC 4733 with SIP INFO.
/// </summary>
public sealed partial class RtpLeg
{
    /// <summary>Interval between the packets of a sent event: one per 20 ms frame, as most endpoints send them.</summary>
    internal const int DigitPacketIntervalMs = 20;

    /// <summary>Silence kept between two digits sent back to back, so a receiver that regenerates tones (a PSTN
    /// gateway) hears two key presses; ITU-T Q.24 detectors need about 40 ms of pause.</summary>
    internal const int InterDigitGapMs = 50;

    private readonly SemaphoreSlim _digitGate = new(1, 1);
    private long _lastDigitEndTicks;

    /// <summary>Raised once per completed telephone event received on this leg (retransmitted and triple end packets
    /// are reported once; an event whose end packets were all lost is reported when the next one starts), with the
    /// digit and its duration. Raised on the leg's receive thread: hand off anything slow (e.g. sending an INFO).</summary>
    public event Action<ReceivedDigit>? DigitReceived;

    private void OnDigitEnded(ReceivedDigit digit) => DigitReceived?.Invoke(digit);

    /// <summary>
    /// Sends one digit (0-9 * # A-D, ! for flash) into this leg's stream as RFC 4733 packets with
    /// <see cref="TelephoneEventPayloadType"/>: a packet every 20 ms with the growing duration, the first with the
    /// marker bit, then the end packet three times (§2.5.1). They carry this leg's SSRC and the next sequence numbers,
    /// interleaving with any relayed audio or player frames, and all carry the event's start time on the stream's clock.
    /// Digits sent while one is in progress wait their turn (events on one stream must not overlap) and follow at least
    /// 50 ms after it. <paramref name="cancellationToken"/> cancels the wait; a digit once started is sent to its end,
    /// since an event without end packets would sound until the receiver times it out.
    /// </summary>
    public async Task SendDigitAsync(char digit, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        TelephoneEvent.FromDigit(digit); // throws ArgumentOutOfRangeException for anything else
        if (duration <= TimeSpan.Zero || duration > SipInfoDtmf.MaxDuration)
            throw new ArgumentOutOfRangeException(nameof(duration), duration, "1 ms .. 60 s");
        ObjectDisposedException.ThrowIf(_cts.IsCancellationRequested, this);
        await _digitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            long gapTicks = InterDigitGapMs * Stopwatch.Frequency / 1000;
            await DelayUntil(Volatile.Read(ref _lastDigitEndTicks) + gapTicks, cancellationToken).ConfigureAwait(false);
            // Built with relative timestamps (0 at the start; later segments of a long event, §2.5.1.3, further on).
            var sender = new TelephoneEventSender(TelephoneEventPayloadType, Outbound.Ssrc, 0, 0, DigitPacketIntervalMs);
            var packets = sender.BuildDigit(digit, (int)Math.Ceiling(duration.TotalMilliseconds), gapMs: 0);
            long start = Stopwatch.GetTimestamp();
            uint eventStart = Outbound.TimestampAt(start);
            long interval = DigitPacketIntervalMs * Stopwatch.Frequency / 1000;
            long lastSent = start;
            for (int i = 0; i < packets.Count; i++)
            {
                // On the 20 ms grid from the start; after a late wake-up (a busy thread pool) never two packets closer
                // than half an interval, so a stall is not followed by a burst.
                if (i > 0) await DelayUntil(Math.Max(start + (i * interval), lastSent + (interval / 2)), CancellationToken.None).ConfigureAwait(false);
                lastSent = Stopwatch.GetTimestamp();
                var packet = packets[i];
                Rtp.RtpPacket.WriteTimestamp(packet, eventStart + Rtp.RtpPacket.ReadTimestamp(packet));
                SocketAddress? remote;
                lock (_gate) remote = _remote;
                if (remote == null || _cts.IsCancellationRequested) continue;
                Outbound.Insert(packet, Stopwatch.GetTimestamp());
                SendTo(packet, remote);
            }
            // The event ends at its nominal duration on the stream's clock, even if the packets went out faster.
            long nominalEnd = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
            Volatile.Write(ref _lastDigitEndTicks, Math.Max(Stopwatch.GetTimestamp(), nominalEnd));
        }
        finally
        {
            _digitGate.Release();
        }
    }

    private static async Task DelayUntil(long ticks, CancellationToken cancellationToken)
    {
        long remaining = ticks - Stopwatch.GetTimestamp();
        if (remaining <= 0) return;
        await Task.Delay(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency), cancellationToken).ConfigureAwait(false);
    }
}
