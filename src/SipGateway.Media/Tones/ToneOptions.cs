namespace SipGateway.Media.Tones;

/// <summary>
/// The named tones, bound by the host from configuration (<c>Media:Tones</c>). Every property has the
/// product's default, so a config only lists what it changes, e.g.
/// <c>"Tones": { "Zip": { "Cadence": "440/100,0/100,440/100" }, "PagingStall": { "LevelDbm0": -24 } }</c>.
/// North American values follow ANSI T1.401 / Telcordia GR-506 (dial, ringback, busy, reorder)
/// and ITU-T E.180 for the Special Information Tone.
/// </summary>
public sealed class ToneOptions
{
    /// <summary>Dial tone: 350 + 440 Hz, continuous.</summary>
    public ToneSpec Dial { get; set; } = new("350+440", repeat: true, levelDbm0: -13);

    /// <summary>Audible ringback: 440 + 480 Hz, 2 s on, 4 s off.</summary>
    public ToneSpec Ringback { get; set; } = new("440+480/2000,0/4000", repeat: true, levelDbm0: -19);

    /// <summary>Busy: 480 + 620 Hz, 0.5 s on, 0.5 s off.</summary>
    public ToneSpec Busy { get; set; } = new("480+620/500,0/500", repeat: true, levelDbm0: -24);

    /// <summary>Reorder (fast busy): 480 + 620 Hz, 0.25 s on, 0.25 s off.</summary>
    public ToneSpec Reorder { get; set; } = new("480+620/250,0/250", repeat: true, levelDbm0: -24);

    /// <summary>Zip (whisper/call-waiting style alert on a persistent connection): two 440 Hz bursts of 100 ms, 100 ms apart.</summary>
    public ToneSpec Zip { get; set; } = new("440/100,0/100,440/100", repeat: false, levelDbm0: -13);

    /// <summary>Paging stall: a low 440 Hz beep, repeating, while recipients join the group.</summary>
    public ToneSpec PagingStall { get; set; } = new("440/250,0/750", repeat: true, levelDbm0: -16);

    /// <summary>Paging go-ahead: 1400 Hz for 500 ms, then the caller speaks.</summary>
    public ToneSpec PagingGoAhead { get; set; } = new("1400/500", repeat: false, levelDbm0: -13);

    /// <summary>Special Information Tone: 950, 1400, 1800 Hz, 330 ms each (ITU-T E.180 §2.6).</summary>
    public ToneSpec Sit { get; set; } = new("950/330,1400/330,1800/330", repeat: false, levelDbm0: -24);

    /// <summary>Looks a tone up by its <see cref="ToneNames"/> name (case-insensitive; property names work too).</summary>
    public ToneSpec Get(string name) => TryGet(name, out var spec)
        ? spec
        : throw new ArgumentException($"unknown tone '{name}' (known: {string.Join(", ", ToneNames.All)})", nameof(name));

    public bool TryGet(string name, out ToneSpec spec)
    {
        spec = Normalise(name) switch
        {
            "dial" => Dial,
            "ringback" => Ringback,
            "busy" => Busy,
            "reorder" => Reorder,
            "zip" => Zip,
            "pagingstall" => PagingStall,
            "paginggoahead" => PagingGoAhead,
            "sit" => Sit,
            _ => null!,
        };
        return spec != null;
    }

    /// <summary>Parses every cadence; returns one message per bad entry (for host start-up validation).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        foreach (var name in ToneNames.All)
        {
            var spec = Get(name);
            try
            {
                spec.Parse();
            }
            catch (FormatException ex)
            {
                errors.Add($"Media:Tones:{PropertyName(name)}:Cadence: {ex.Message}");
            }
        }
        return errors;
    }

    private static string PropertyName(string name) => Normalise(name) switch
    {
        "pagingstall" => "PagingStall",
        "paginggoahead" => "PagingGoAhead",
        "sit" => "Sit",
        var n => char.ToUpperInvariant(n[0]) + n[1..],
    };

    private static string Normalise(string name) => name.Replace("-", "").Replace("_", "").Replace(" ", "").ToLowerInvariant();
}

/// <summary>The tone names used by callers (B2BUA, paging, DVO).</summary>
public static class ToneNames
{
    public const string Dial = "dial";
    public const string Ringback = "ringback";
    public const string Busy = "busy";
    public const string Reorder = "reorder";
    public const string Zip = "zip";
    public const string PagingStall = "paging-stall";
    public const string PagingGoAhead = "paging-go-ahead";
    public const string Sit = "sit";

    public static readonly IReadOnlyList<string> All = [Dial, Ringback, Busy, Reorder, Zip, PagingStall, PagingGoAhead, Sit];
}
