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
    private readonly Queue<uint> _recentlyEnded = new();

    /// <summary>Raised when a new digit starts (once per event).</summary>
    public event Action<ReceivedDigit>? DigitStarted;

    /// <summary>Raised when an event ends (once per event).</summary>
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
                    _haveCurrent = true;
                    _currentTimestamp = start;
                    _currentEnded = false;
                    var d = new ReceivedDigit(digit.Value, start, ev.Duration / 8, false);
                    (started ??= new()).Add(d);
                    DigitStarted?.Invoke(d);
                }
                if ((ev.End || !isLast) && !_currentEnded)
                {
                    _currentEnded = true;
                    _recentlyEnded.Enqueue(start);
                    if (_recentlyEnded.Count > 16) _recentlyEnded.Dequeue();
                    DigitEnded?.Invoke(new ReceivedDigit(digit.Value, start, ev.Duration / 8, true));
                }
            }
        }
        return (IReadOnlyList<ReceivedDigit>?)started ?? Array.Empty<ReceivedDigit>();
    }
}
