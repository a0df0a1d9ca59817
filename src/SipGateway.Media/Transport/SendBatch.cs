using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static SipGateway.Media.Transport.LinuxDatagramCalls;

namespace SipGateway.Media.Transport;

/// <summary>
/// Datagrams staged for one socket and sent with one sendmmsg(2). The datagrams are not copied: they must lie
/// in native memory that stays put until <see cref="Flush"/> (a <see cref="ReceiveBatch"/>'s slots). Each
/// entry carries its own destination, copied here, so a latch that moves the peer mid-batch is honoured.
/// Owned by one thread.
/// </summary>
internal sealed unsafe class SendBatch : IDisposable
{
    private const int AddressSize = 128;
    private const int SolUdp = 17;            // SOL_UDP
    private const int UdpSegment = 103;       // UDP_SEGMENT
    private const int MaxSegments = 64;       // UDP_MAX_SEGMENTS
    private const int MaxSegmentedBytes = 60000; // under the 64 KB IP datagram limit, headers included
    private const int ControlSpace = 24;      // CMSG_SPACE(sizeof(uint16)) on 64-bit Linux
    private const nuint ControlLength = 18;   // CMSG_LEN(sizeof(uint16))
    private const int Einval = 22, Eio = 5, Enoprotoopt = 92, Eopnotsupp = 95;
    /// <summary>Cleared for the process the first time the kernel refuses UDP segmentation.</summary>
    private static volatile bool s_segmentation = true;
    private byte* _control;
    private MMsgHdr* _segmented;
    private byte* _addresses;
    private IoVec* _iov;
    private MMsgHdr* _messages;

    public SendBatch(int capacity)
    {
        Capacity = capacity;
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressSize));
        _iov = (IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVec)));
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
        _segmented = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
        _control = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * ControlSpace));
        for (int i = 0; i < capacity; i++)
        {
            _messages[i].Header.Iov = &_iov[i];
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Name = _addresses + (i * AddressSize);
        }
    }

    public int Capacity { get; }
    public int Count { get; private set; }

    /// <summary>The socket staged entries go out on; null when empty.</summary>
    public Socket? Socket { get; private set; }

    /// <summary>Who sent the staged entries (for accounting after <see cref="Flush"/>).</summary>
    public object? Owner { get; private set; }

    /// <summary>Whether an entry for <paramref name="socket"/> can join the batch without a flush first.</summary>
    public bool Accepts(Socket socket) => Count == 0 || (Count < Capacity && ReferenceEquals(socket, Socket));

    /// <summary>Stages a datagram (native memory, see the class remarks) for <paramref name="to"/>, or for the
    /// socket's connected peer when <paramref name="to"/> is null (the kernel then reuses its cached route).</summary>
    public void Add(Socket socket, object owner, ReadOnlySpan<byte> datagram, SocketAddress? to)
    {
        if (!Accepts(socket)) throw new InvalidOperationException("flush before staging for another socket");
        int i = Count++;
        Socket = socket;
        Owner = owner;
        fixed (byte* p = datagram) _iov[i].Base = p; // native memory: the pointer stays valid after this scope
        _iov[i].Length = (nuint)datagram.Length;
        if (to == null)
        {
            _messages[i].Header.Name = null;
            _messages[i].Header.NameLength = 0;
            return;
        }
        _messages[i].Header.Name = _addresses + (i * AddressSize);
        to.Buffer.Span[..to.Size].CopyTo(new Span<byte>(_messages[i].Header.Name, AddressSize));
        _messages[i].Header.NameLength = (uint)to.Size;
    }

    /// <summary>Sends what is staged. A message the kernel refuses (e.g. an ICMP error reported on this send)
    /// is skipped and counted in <paramref name="failed"/>, as a single send would drop it.
    /// <paramref name="octets"/> sums the lengths of the datagrams sent.</summary>
    public void Flush(out int sent, out long octets, out int failed)
    {
        sent = 0;
        octets = 0;
        failed = 0;
        int count = Count;
        if (count == 0) return;
        var socket = Socket!;
        Count = 0;
        Socket = null;
        Owner = null;
        SafeSocketHandle handle;
        bool added = false;
        try
        {
            handle = socket.SafeHandle;
            handle.DangerousAddRef(ref added); // the fd cannot be closed and reused while we send on it
        }
        catch (ObjectDisposedException)
        {
            failed = count;
            return;
        }
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            int start = 0;
            if (s_segmentation && count > 1)
            {
                int groups = BuildSegmentedMessages(count);
                if (groups < count)
                {
                    int done = SendMessages(fd, _segmented, groups, ref sent, ref octets, ref failed, out bool refused);
                    if (!refused) return;
                    // This kernel or path does not do UDP segmentation: stop asking, send the rest one by one.
                    s_segmentation = false;
                    start = (int)(_segmented[done].Header.Iov - _iov);
                }
            }
            SendMessages(fd, _messages + start, count - start, ref sent, ref octets, ref failed, out _);
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Sends <paramref name="count"/> messages, skipping (and counting as failed) one the kernel refuses.
    /// Returns how many were handled; stops early, with <paramref name="segmentationRefused"/>, if a segmented
    /// message is refused in a way that means UDP_SEGMENT itself is unsupported.</summary>
    private int SendMessages(int fd, MMsgHdr* messages, int count, ref int sent, ref long octets, ref int failed, out bool segmentationRefused)
    {
        segmentationRefused = false;
        int i = 0;
        // Bounded: each round sends at least one message or skips one.
        for (int round = 0; i < count && round < 2 * count; round++)
        {
            int n = SendMmsg(fd, messages + i, (uint)(count - i), 0);
            if (n > 0)
            {
                for (int k = i; k < i + n; k++)
                {
                    for (nuint v = 0; v < messages[k].Header.IovLength; v++) octets += (long)messages[k].Header.Iov[v].Length;
                    sent += (int)messages[k].Header.IovLength;
                }
                i += n;
                continue;
            }
            int errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno == Eintr) continue;
            if (messages[i].Header.IovLength > 1 && errno is Einval or Eio or Enoprotoopt or Eopnotsupp)
            {
                segmentationRefused = true;
                return i;
            }
            failed += (int)messages[i].Header.IovLength;
            i++;
        }
        for (; i < count; i++) failed += (int)messages[i].Header.IovLength;
        return count;
    }

    /// <summary>
    /// Groups runs of staged datagrams with the same destination and size into one message each, carrying a
    /// UDP_SEGMENT control message (UDP GSO, Linux 4.18+): the kernel builds one buffer for the run and cuts it
    /// into the same datagrams only at the end of its send path (or the receiving socket, on loopback), instead
    /// of routing and queueing each one. Receivers see exactly the datagrams a message per packet would give
    /// them. The last datagram of a run may be shorter (a GSO rule). Returns the number of messages.
    /// </summary>
    private int BuildSegmentedMessages(int count)
    {
        int groups = 0;
        for (int s = 0; s < count;)
        {
            nuint size = _iov[s].Length;
            int e = s + 1;
            nuint total = size;
            while (e < count && e - s < MaxSegments && _iov[e].Length <= size && total + _iov[e].Length <= MaxSegmentedBytes
                   && SameDestination(s, e))
            {
                total += _iov[e].Length;
                bool shorter = _iov[e].Length < size;
                e++;
                if (shorter) break; // only the last segment may be short
            }
            ref var m = ref _segmented[groups].Header;
            m.Name = _messages[s].Header.Name;
            m.NameLength = _messages[s].Header.NameLength;
            m.Iov = &_iov[s];
            m.IovLength = (nuint)(e - s);
            m.Flags = 0;
            if (e - s > 1)
            {
                var control = _control + (groups * ControlSpace);
                *(nuint*)control = ControlLength;              // cmsg_len = CMSG_LEN(sizeof(uint16))
                *(int*)(control + 8) = SolUdp;                 // cmsg_level
                *(int*)(control + 12) = UdpSegment;            // cmsg_type
                *(ushort*)(control + 16) = (ushort)size;        // gso_size: the datagram size
                m.Control = control;
                m.ControlLength = ControlSpace;
            }
            else
            {
                m.Control = null;
                m.ControlLength = 0;
            }
            groups++;
            s = e;
        }
        return groups;
    }

    private bool SameDestination(int a, int b)
    {
        ref var x = ref _messages[a].Header;
        ref var y = ref _messages[b].Header;
        if (x.NameLength != y.NameLength) return false;
        if (x.Name == null || y.Name == null) return x.Name == y.Name;
        return new ReadOnlySpan<byte>(x.Name, (int)x.NameLength).SequenceEqual(new ReadOnlySpan<byte>(y.Name, (int)y.NameLength));
    }

    public void Dispose()
    {
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_messages);
        NativeMemory.Free(_segmented);
        NativeMemory.Free(_control);
        _segmented = null;
        _control = null;
        _addresses = null;
        _iov = null;
        _messages = null;
    }
}
