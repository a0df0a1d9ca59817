using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using static SipGateway.Media.Transport.LinuxDatagramCalls;

namespace SipGateway.Media.Transport;

/// <summary>
/// Slots for up to <see cref="Capacity"/> datagrams read by one recvmmsg(2): native buffers, so the datagrams
/// never move and a <see cref="SendBatch"/> can send them again in place (the relay rewrites headers in the
/// receive buffer and forwards it without a copy). Owned by one receive thread.
/// </summary>
internal sealed unsafe class ReceiveBatch : IDisposable
{
    public const int SlotSize = 2048;      // larger than any RTP datagram on an Ethernet path
    private const int AddressSize = 128;   // sizeof(struct sockaddr_storage)
    private const int MsgTrunc = 0x20;
    private byte* _buffers;
    private byte* _addresses;
    private IoVec* _iov;
    private MMsgHdr* _messages;
    private int _count;

    public ReceiveBatch(int capacity)
    {
        Capacity = capacity;
        _buffers = (byte*)NativeMemory.Alloc((nuint)(capacity * SlotSize));
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressSize));
        _iov = (IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVec)));
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
        for (int i = 0; i < capacity; i++)
        {
            _iov[i].Base = _buffers + (i * SlotSize);
            _iov[i].Length = SlotSize;
            _messages[i].Header.Iov = &_iov[i];
            _messages[i].Header.IovLength = 1;
            _messages[i].Header.Name = _addresses + (i * AddressSize);
        }
    }

    public int Capacity { get; }
    public int Count => _count;

    /// <summary>Blocks until at least one datagram is queued (or the socket's receive timeout passes), then
    /// takes up to <see cref="Capacity"/>. Returns the count, 0 on a timeout or interruption, or throws
    /// <see cref="SocketException"/> for other errors. The caller holds a reference on the handle.</summary>
    public int Receive(SafeSocketHandle socket) => Receive(socket, MsgWaitForOne);

    /// <summary>Takes up to <see cref="Capacity"/> datagrams already queued, without waiting (MSG_DONTWAIT: the
    /// socket stays in blocking mode for everyone else). Returns the count, 0 when none was queued.</summary>
    public int ReceiveQueued(SafeSocketHandle socket) => Receive(socket, MsgDontWait);

    private int Receive(SafeSocketHandle socket, int flags)
    {
        for (int i = 0; i < Capacity; i++)
        {
            _messages[i].Header.NameLength = AddressSize;
            _messages[i].Header.Flags = 0;
        }
        int n = RecvMmsg((int)socket.DangerousGetHandle(), _messages, (uint)Capacity, flags, null);
        if (n >= 0) return _count = n;
        _count = 0;
        int errno = Marshal.GetLastPInvokeError();
        if (errno is Eintr or Eagain) return 0;
        throw new SocketException(errno);
    }

    /// <summary>Whether datagram <paramref name="index"/> was cut to fit the slot (not a valid RTP packet).</summary>
    public bool IsTruncated(int index) => (_messages[index].Header.Flags & MsgTrunc) != 0;

    public Span<byte> Datagram(int index) => new(_buffers + (index * SlotSize), (int)Math.Min(_messages[index].Length, SlotSize));

    /// <summary>Copies datagram <paramref name="index"/>'s source into <paramref name="into"/> (native sockaddr
    /// layout, as <see cref="SocketAddress"/> holds it on Unix).</summary>
    public void CopySource(int index, SocketAddress into)
    {
        int length = (int)Math.Min(_messages[index].Header.NameLength, (uint)into.Buffer.Length);
        into.Size = length;
        new ReadOnlySpan<byte>(_messages[index].Header.Name, length).CopyTo(into.Buffer.Span);
    }

    public void Dispose()
    {
        NativeMemory.Free(_buffers);
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_messages);
        _buffers = _addresses = null;
        _iov = null;
        _messages = null;
    }
}
