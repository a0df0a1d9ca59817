using SipGateway.Media.Relay;

namespace SipGateway.Calls.CallControl;

/// <summary>One phone answering a page over SIP: the RTP leg the page audio is sent on. <see cref="Hangup"/> sends
/// BYE and frees the RTP port (once).</summary>
public sealed class PagingLeg
{
    private readonly Action _hangup;
    private int _done;

    internal PagingLeg(string device, RtpLeg media, Action hangup)
    {
        Device = device;
        Media = media;
        _hangup = hangup;
    }

    public string Device { get; }
    public RtpLeg Media { get; }

    public void Hangup()
    {
        if (Interlocked.Exchange(ref _done, 1) == 0) _hangup();
    }

    /// <summary>Raised when the phone hung up first (its BYE ended the dialog).</summary>
    public event Action<PagingLeg>? HungUp;

    /// <summary>The dialog ended; unless we hung up ourselves, the phone left the page.</summary>
    internal void Terminated()
    {
        if (Interlocked.Exchange(ref _done, 1) != 0) return;
        ThreadPool.UnsafeQueueUserWorkItem(_ => Media.Dispose(), null);
        HungUp?.Invoke(this);
    }
}
