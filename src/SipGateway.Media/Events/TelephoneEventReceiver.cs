using SipGateway.Media.Rtp;

namespace SipGateway.Media.Events;

/// <summary>A digit decoded from telephone-event packets.</summary>
public readonly record struct ReceivedDigit(char Digit, uint StartTimestamp, int DurationMs, bool Ended);

/// <summary>
/// Decodes RFC 4733 telephone-event packets into digits. An event is identified by its RTP timestamp
/// (§2.5.2.1): the first packet seen for a new timestamp reports the digit (so a lost start packet does
/// not lose the digit), the first packet with the E bit reports its end, and retransmitted end packets
/// are ignored (§2.5.1.4). Packets carrying several blocks (§2.5.1.5, earlier events sent redundantly)
/// report any earlier event that was missed.
/// </summary>
public sealed class TelephoneEventReceiver
{
    private readonly object _gate = new();
    private bool _haveCurrent;
    private uint _currentTimestamp;
    private bool _currentEnded;
    private char _currentDigit;
    private int _currentDuration;
    private readonly Queue<uint> _recentlyEnded = new();

    /// <summary>Raised when a new digit starts (once per event).</summary>
    public event Action<ReceivedDigit>? DigitStarted;

    /// <summary>Raised when an event ends (once per event): at its first end packet, or, if all its end packets were
    /// lost, when the next event starts.</summary>
    public event Action<ReceivedDigit>? DigitEnded;

    /// <summary>Processes one RTP datagram already known to carry the telephone-event payload type.
    /// Returns the digits that started with this packet.</summary>
    public IReadOnlyList<ReceivedDigit> Process(ReadOnlySpan<byte> datagram)
    {
        if (!RtpPacket.TryParse(datagram, out var header)) return Array.Empty<ReceivedDigit>();
        var payload = datagram.Slice(header.PayloadOffset, header.PayloadLength);
        int blocks = payload.Length / TelephoneEvent.Size;
        if (blocks == 0) return Array.Empty<ReceivedDigit>();
        List<ReceivedDigit>? started = null;
        lock (_gate)
        {
            // Blocks before the last one are earlier, finished events (redundancy); their start times are
            // the packet timestamp minus the durations that follow them.
            for (int i = 0; i < blocks; i++)
            {
                if (!TelephoneEvent.TryParse(payload[(i * TelephoneEvent.Size)..], out var ev)) break;
                char? digit = TelephoneEvent.ToDigit(ev.Event);
                if (digit == null) continue;
                uint start = header.Timestamp;
                bool isLast = i == blocks - 1;
                if (!isLast)
                {
                    if (_recentlyEnded.Contains(start - (uint)ev.Duration) || (_haveCurrent && _currentTimestamp == start - ev.Duration)) continue;
                    start -= ev.Duration;
                }
                if (!_haveCurrent || start != _currentTimestamp)
                {
                    if (_recentlyEnded.Contains(start)) continue; // a late packet of an event already finished
                    // A new event while the previous one never ended: all its end packets were lost (§2.5.1.4 sends
                    // three because this happens). It is over now; report it with the last duration seen.
                    if (_haveCurrent && !_currentEnded) EndCurrent(_currentDuration);
                    _haveCurrent = true;
                    _currentTimestamp = start;
                    _currentEnded = false;
                    _currentDigit = digit.Value;
                    _currentDuration = 0;
                    var d = new ReceivedDigit(digit.Value, start, ev.Duration / 8, false);
                    (started ??= new()).Add(d);
                    DigitStarted?.Invoke(d);
                }
                if (!_currentEnded) _currentDuration = Math.Max(_currentDuration, ev.Duration);
                if ((ev.End || !isLast) && !_currentEnded) EndCurrent(ev.Duration);
            }
        }
        return (IReadOnlyList<ReceivedDigit>?)started ?? Array.Empty<ReceivedDigit>();
    }

    private void EndCurrent(int duration)
    {
        _currentEnded = true;
        _recentlyEnded.Enqueue(_currentTimestamp);
        if (_recentlyEnded.Count > 16) _recentlyEnded.Dequeue();
        DigitEnded?.Invoke(new ReceivedDigit(_currentDigit, _currentTimestamp, duration / 8, true));
    }
}
