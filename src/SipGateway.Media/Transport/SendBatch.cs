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
    private byte* _addresses;
    private IoVec* _iov;
    private MMsgHdr* _messages;

    public SendBatch(int capacity)
    {
        Capacity = capacity;
        _addresses = (byte*)NativeMemory.AllocZeroed((nuint)(capacity * AddressSize));
        _iov = (IoVec*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(IoVec)));
        _messages = (MMsgHdr*)NativeMemory.AllocZeroed((nuint)(capacity * sizeof(MMsgHdr)));
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
            int i = 0;
            // Bounded: each round sends at least one message or skips one.
            for (int round = 0; i < count && round < 2 * count; round++)
            {
                int n = SendMmsg(fd, _messages + i, (uint)(count - i), 0);
                if (n > 0)
                {
                    for (int k = i; k < i + n; k++) octets += (long)_iov[k].Length;
                    i += n;
                    sent += n;
                    continue;
                }
                if (n < 0 && Marshal.GetLastPInvokeError() == Eintr) continue;
                i++;
                failed++;
            }
            failed += count - i;
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    public void Dispose()
    {
        NativeMemory.Free(_addresses);
        NativeMemory.Free(_iov);
        NativeMemory.Free(_messages);
        _addresses = null;
        _iov = null;
        _messages = null;
    }
}
