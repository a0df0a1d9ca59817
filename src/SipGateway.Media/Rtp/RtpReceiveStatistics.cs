namespace SipGateway.Media.Rtp;

/// <summary>
/// Per-source reception statistics for RTCP report blocks: extended highest sequence number,
/// cumulative and interval loss (RFC 3550 §6.4.1, Appendix A.3) and interarrival jitter (§6.4.1, A.8).
/// Not thread-safe: one receive loop owns it; <see cref="CreateReportBlock"/> is called under the owner's lock.
/// </summary>
public sealed class RtpReceiveStatistics
{
    private const int MaxDropout = 3000;   // RFC 3550 A.1
    private const int MaxMisorder = 100;
    private readonly int _clockRate;
    private bool _initialised;
    private ushort _maxSeq;
    private uint _cycles;
    private uint _baseSeq;
    private uint _badSeq = uint.MaxValue;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _lastTransit;
    private bool _haveTransit;
    private double _jitter;

    public RtpReceiveStatistics(int clockRate = 8000) => _clockRate = clockRate;

    public uint Ssrc { get; private set; }
    public long PacketsReceived => _received;
    public long OctetsReceived { get; private set; }
    /// <summary>Cycles in the high 16 bits, the highest sequence number in the low 16 (RFC 3550 §6.4.1).</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSeq;
    public long Expected => _initialised ? (long)ExtendedHighestSequence - _baseSeq + 1 : 0;
    public long CumulativeLost => Expected - _received;
    /// <summary>Interarrival jitter in timestamp units.</summary>
    public double Jitter => _jitter;

    /// <summary>Accounts one received packet. <paramref name="arrivalSeconds"/> is any monotonic clock in seconds.</summary>
    public void Update(uint ssrc, ushort seq, uint rtpTimestamp, int payloadLength, double arrivalSeconds)
    {
        if (!_initialised || ssrc != Ssrc)
        {
            Reset(ssrc, seq);
        }
        else
        {
            ushort udelta = (ushort)(seq - _maxSeq);
            if (udelta < MaxDropout)
            {
                if (seq < _maxSeq) _cycles += 0x10000; // wrapped
                _maxSeq = seq;
            }
            else if (udelta <= 0x10000 - MaxMisorder)
            {
                // A very large jump: accept it only if the next packet follows it (the source restarted).
                if (seq == _badSeq)
                {
                    Reset(ssrc, seq);
                }
                else
                {
                    _badSeq = (uint)((seq + 1) & 0xFFFF);
                    return;
                }
            }
            // else: duplicate or reordered packet, counted below
        }
        _received++;
        OctetsReceived += payloadLength;

        // RFC 3550 A.8: transit time in timestamp units; jitter is its smoothed absolute difference.
        long arrival = (long)(arrivalSeconds * _clockRate);
        long transit = arrival - rtpTimestamp;
        if (_haveTransit)
        {
            long d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }
        _lastTransit = transit;
        _haveTransit = true;
    }

    private void Reset(uint ssrc, ushort seq)
    {
        Ssrc = ssrc;
        _initialised = true;
        _maxSeq = seq;
        _cycles = 0;
        _baseSeq = seq;
        _badSeq = uint.MaxValue;
        _received = 0;
        _expectedPrior = 0;
        _receivedPrior = 0;
        _haveTransit = false;
        _jitter = 0;
        OctetsReceived = 0;
    }

    /// <summary>Builds a report block and starts a new loss interval (RFC 3550 A.3).</summary>
    public RtcpReportBlock CreateReportBlock(uint lastSrMiddle, uint delaySinceLastSr)
    {
        long expected = Expected;
        long expectedInterval = expected - _expectedPrior;
        long receivedInterval = _received - _receivedPrior;
        _expectedPrior = expected;
        _receivedPrior = _received;
        long lostInterval = expectedInterval - receivedInterval;
        byte fraction = expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)Math.Min(255, (lostInterval << 8) / expectedInterval);
        // Cumulative loss is a signed 24-bit field; duplicates can make it negative (§6.4.1).
        int cumulative = (int)Math.Clamp(CumulativeLost, -0x800000, 0x7FFFFF);
        return new RtcpReportBlock(Ssrc, fraction, cumulative, ExtendedHighestSequence, (uint)_jitter, lastSrMiddle, delaySinceLastSr);
    }
}
