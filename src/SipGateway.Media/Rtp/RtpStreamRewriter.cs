using System.Diagnostics;

namespace SipGateway.Media.Rtp;

/// <summary>
/// Makes everything sent on one leg look like one continuous RTP stream: one SSRC, sequence numbers
/// that go up by one, timestamps that keep advancing, whatever the source (relayed audio from the
/// other leg, an announcement, a tone, or relayed audio again after a re-INVITE changed the far SSRC).
/// RFC 3550 §5.1: the receiver expects the sequence to increment by one per packet and the timestamp to
/// follow the sampling clock; a jump in either looks like loss or a new talkspurt. RFC 3550 §8.2 / RFC 7667
/// §3.2.1.2: a translator that switches sources must not expose two SSRCs with overlapping numbering.
/// </summary>
public sealed class RtpStreamRewriter
{
    private readonly object _gate = new();
    private readonly long _frequency = Stopwatch.Frequency;
    private bool _haveOutput;
    private bool _haveInput;
    private bool _resync;
    private uint _inputSsrc;
    private ushort _seqDelta;
    private uint _tsDelta;
    private ushort _lastSeq;
    private uint _lastTs;
    private int _lastSamples = 160;
    private long _lastTicks;

    public RtpStreamRewriter(uint ssrc, ushort initialSequence, uint initialTimestamp, int clockRate = 8000)
    {
        Ssrc = ssrc;
        _lastSeq = (ushort)(initialSequence - 1);
        _lastTs = initialTimestamp;
        ClockRate = clockRate;
    }

    public RtpStreamRewriter() : this(RtpSsrc.NewSsrc(), RtpSsrc.NewSequence(), RtpSsrc.NewTimestamp()) { }

    /// <summary>The SSRC the receiver sees on this leg for the whole call.</summary>
    public uint Ssrc { get; }

    public int ClockRate { get; }

    /// <summary>Number of times the input source changed (a new SSRC or an explicit <see cref="Resync"/>).</summary>
    public int SourceChanges { get; private set; }

    /// <summary>Highest sequence number sent so far.</summary>
    public ushort LastSequence { get { lock (_gate) return _lastSeq; } }

    public uint LastTimestamp { get { lock (_gate) return _lastTs; } }

    /// <summary>Forces the next packet to start a new mapping even if its SSRC is unchanged
    /// (a source that restarted its numbering under the same SSRC).</summary>
    public void Resync()
    {
        lock (_gate) _resync = true;
    }

    /// <summary>Accounts for a packet of the current input that is deliberately not sent (a telephone event the other
    /// side gets by SIP INFO): later packets are numbered one lower, so the receiver sees no gap that it would count as
    /// loss (RFC 3550 §6.4.1). Packets really lost before it still show as a gap. A packet older than the newest one
    /// sent is ignored; a very late packet that was overtaken by a skipped one may reuse a number (the receiver's
    /// jitter buffer discards it as late either way).</summary>
    public void Skip(ReadOnlySpan<byte> datagram)
    {
        if (!RtpPacket.LooksLikeRtp(datagram)) return;
        uint inSsrc = RtpPacket.ReadSsrc(datagram);
        ushort inSeq = RtpPacket.ReadSequence(datagram);
        lock (_gate)
        {
            if (!_haveInput || _resync || inSsrc != _inputSsrc) return;
            if ((short)((ushort)(inSeq + _seqDelta) - _lastSeq) > 0) _seqDelta--;
        }
    }

    /// <summary>The output timestamp of a sample taken at <paramref name="nowTicks"/>: the newest packet's timestamp
    /// advanced by the real time since it was sent (RFC 3550 §5.1). Where a packet the leg makes itself starts.</summary>
    public uint TimestampAt(long nowTicks)
    {
        lock (_gate)
        {
            if (!_haveOutput) return _lastTs;
            return _lastTs + (uint)(Math.Max(0, nowTicks - _lastTicks) * ClockRate / _frequency);
        }
    }

    /// <summary>Numbers a packet made for this stream directly (its timestamp already on the output clock, e.g. an
    /// RFC 4733 event whose packets all carry the event's start): it takes the next sequence number and this SSRC, and
    /// the current input is shifted up by one so relayed packets follow it without a duplicate. The timestamp state
    /// is left to the audio, which keeps its own clock while an event is in progress (RFC 4733 §2.5.1.2).</summary>
    public void Insert(Span<byte> datagram, long nowTicks)
    {
        if (!RtpPacket.LooksLikeRtp(datagram)) return;
        lock (_gate)
        {
            _lastSeq++;
            if (_haveInput) _seqDelta++;
            RtpPacket.WriteSequence(datagram, _lastSeq);
            RtpPacket.WriteSsrc(datagram, Ssrc);
            if (!_haveOutput)
            {
                _lastTs = RtpPacket.ReadTimestamp(datagram);
                _lastTicks = nowTicks;
                _haveOutput = true;
            }
        }
    }

    /// <summary>Rewrites SSRC, sequence number and timestamp of an RTP datagram in place.</summary>
    public void Rewrite(Span<byte> datagram) => Rewrite(datagram, Stopwatch.GetTimestamp());

    public void Rewrite(Span<byte> datagram, long nowTicks)
    {
        if (!RtpPacket.LooksLikeRtp(datagram)) return;
        uint inSsrc = RtpPacket.ReadSsrc(datagram);
        ushort inSeq = RtpPacket.ReadSequence(datagram);
        uint inTs = RtpPacket.ReadTimestamp(datagram);
        lock (_gate)
        {
            if (!_haveInput || _resync || inSsrc != _inputSsrc)
            {
                ushort nextSeq = (ushort)(_lastSeq + 1);
                uint nextTs = _lastTs;
                if (_haveOutput)
                {
                    // Advance the clock by the real time that passed (RFC 3550 §5.1: the timestamp follows the
                    // sampling instant) but by at least the previous packet's duration so it never repeats.
                    long elapsedSamples = (nowTicks - _lastTicks) * ClockRate / _frequency;
                    nextTs = _lastTs + (uint)Math.Max(_lastSamples, elapsedSamples);
                }
                _seqDelta = (ushort)(nextSeq - inSeq);
                _tsDelta = nextTs - inTs;
                _inputSsrc = inSsrc;
                _haveInput = true;
                _resync = false;
                if (_haveOutput)
                {
                    SourceChanges++;
                    // RFC 3551 §4.1: the marker flags the first packet of a talkspurt; a source switch is one.
                    RtpPacket.SetMarker(datagram, true);
                }
            }
            ushort outSeq = (ushort)(inSeq + _seqDelta);
            uint outTs = inTs + _tsDelta;
            RtpPacket.WriteSequence(datagram, outSeq);
            RtpPacket.WriteTimestamp(datagram, outTs);
            RtpPacket.WriteSsrc(datagram, Ssrc);
            // Track the newest packet only; a late (reordered) one must not pull the state backwards.
            if (!_haveOutput || (short)(outSeq - _lastSeq) > 0)
            {
                _lastSeq = outSeq;
                _lastTs = outTs;
                _lastTicks = nowTicks;
                int payloadType = datagram[1] & 0x7F;
                if (payloadType is RtpPayloadTypes.Pcmu or RtpPayloadTypes.Pcma)
                    _lastSamples = Math.Max(1, datagram.Length - RtpPacket.HeaderSize); // G.711: one byte per sample
                _haveOutput = true;
            }
        }
    }
}
