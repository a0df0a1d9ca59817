namespace SipGateway.Features.ExtendConnect.Calls;

/// <summary>A call a CTI client can see and control by its id: the leg to the remote destination and the far leg.</summary>
public sealed class CtiCall
{
    internal readonly object Gate = new();

    public CtiCall(string id, string device, CtiCallKind kind, ICtiLeg remoteLeg, string? destination)
    {
        Id = id;
        Device = device;
        Kind = kind;
        RemoteLeg = remoteLeg;
        Destination = destination;
    }

    public string Id { get; }
    public string Device { get; }
    public CtiCallKind Kind { get; }
    public ICtiLeg RemoteLeg { get; }
    public ICtiLeg? FarLeg { get; internal set; }
    public string? Destination { get; }
    /// <summary>Initiated, Offering, Accepted, Connected, Held, Disconnected.</summary>
    public string State { get; internal set; } = "Initiated";
    /// <summary>True when the remote leg is a persistent connection borrowed by this call (not hung up with it).</summary>
    public bool OnPersistentConnection { get; internal set; }
    /// <summary>For a call delivered on a persistent connection: the B2BUA call of the customer.</summary>
    public string? B2buaCallId { get; internal set; }
    /// <summary>When the call was created (Stopwatch timestamp), for the delivery latency reported in events.</summary>
    internal long CreatedTimestamp { get; } = System.Diagnostics.Stopwatch.GetTimestamp();

    public object View() => new
    {
        callId = Id, device = Device, kind = Kind.ToString(), state = State, destination = Destination,
        remoteLeg = RemoteLeg.SipCallId, farLeg = FarLeg?.SipCallId, persistentConnection = OnPersistentConnection,
    };

    /// <summary>The far leg of a connected or held Dial Via Office call: what transfer and conference work on.</summary>
    /// <exception cref="Errors.CtiException">INVALID_STATE for another kind of call or one not connected or held.</exception>
    internal ICtiLeg RequireConnectedDialViaOffice(string operation)
    {
        if (Kind != CtiCallKind.DialViaOffice)
            throw new Errors.CtiException(new Errors.CtiError("INVALID_STATE", 409, $"{Id} is a {Kind} call; only Dial Via Office calls are {operation}"));
        return State is "Connected" or "Held" && FarLeg is { IsAnswered: true, IsEnded: false } far
            ? far
            : throw new Errors.CtiException(new Errors.CtiError("INVALID_STATE", 409, $"call {Id} is {State}, not connected or held"));
    }
}
