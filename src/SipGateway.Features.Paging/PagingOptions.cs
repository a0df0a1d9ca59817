using System.Net;

namespace SipGateway.Features.Paging;

/// <summary>The "Paging" section, validated by the host: DialCast numbers, recipient groups and the phones in them.</summary>
public sealed class PagingOptions
{
    /// <summary>UCM design guide (Cisco Paging Server): at most 50 phones in one recipient group.</summary>
    public const int MaxPhonesPerGroup = 50;
    /// <summary>Cisco phones receive multicast RTP on even ports from 20480 to 32768 (RTPMRx).</summary>
    public const int MinMulticastPort = 20480;
    public const int MaxMulticastPort = 32768;

    /// <summary>Address of the interface multicast pages leave by (IP_MULTICAST_IF).</summary>
    public string MulticastInterface { get; init; } = "127.0.0.1";
    /// <summary>IP TTL of the multicast RTP (1: the local subnet, RFC 1112 §6.1).</summary>
    public int Ttl { get; init; } = 1;
    public int MaxConcurrentPages { get; init; } = 50;
    /// <summary>The stall tone plays until every recipient was told to join, and at least this long. 0 by default: the
    /// go-ahead comes as soon as the phones are joining (the guide's flow; the caller should not wait for nothing).</summary>
    public TimeSpan MinimumStall { get; init; } = TimeSpan.Zero;
    /// <summary>Longest wait for recipients to join; phones not joined by then miss the page's start.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(3);
    public IReadOnlyList<DialCastNumber> DialCast { get; init; } = [];
    public IReadOnlyDictionary<string, RecipientGroup> RecipientGroups { get; init; } = new Dictionary<string, RecipientGroup>();
    /// <summary>How each phone named in a group is told to join, by device name.</summary>
    public IReadOnlyDictionary<string, PagingPhone> Phones { get; init; } = new Dictionary<string, PagingPhone>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>A DialCast number: a directory number in a partition, mapped to the groups it pages.</summary>
public sealed record DialCastNumber(string Number, string? Partition, IReadOnlyList<string> RecipientGroups);

/// <summary>A recipient group: its multicast group:port (none when every phone gets the page as unicast RTP), its
/// phones, and whether busy phones are left out.</summary>
public sealed record RecipientGroup(string Name, IPEndPoint? Multicast, IReadOnlyList<string> Devices, bool SkipBusy, int Volume = 50);

/// <summary>How a phone is told to join a page (the device's "Paging" key).</summary>
public enum PagingMode
{
    /// <summary>The phone joins the multicast group itself (configured on the phone): nothing to send.</summary>
    Multicast,
    /// <summary>An auto-answer INVITE; the page audio is sent to the phone as unicast RTP.</summary>
    SipUnicast,
    /// <summary>Cisco IP phone: HTTP POST of a CiscoIPPhoneExecute object (RTPMRx to join, RTPRx:Stop to leave).</summary>
    CiscoExecute,
    /// <summary>Linksys/SPA-style receiver: start and stop control packets to its control address (PagingControl).</summary>
    Linksys,
}

/// <summary>A phone's paging settings (Devices:NAME:Paging, PagingUrl, PagingUser, PagingPassword, PagingSdpDirection,
/// PagingControl). <see cref="SendOnly"/>: a SipUnicast page is offered sendonly (the default) or sendrecv.</summary>
public sealed record PagingPhone(string Device, PagingMode Mode, Uri? Url = null, string? User = null, string? Password = null, bool SendOnly = true,
    IPEndPoint? Control = null);
