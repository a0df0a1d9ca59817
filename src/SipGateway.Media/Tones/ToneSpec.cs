namespace SipGateway.Media.Tones;

/// <summary>
/// One configurable tone. <see cref="Cadence"/> is a comma-separated list of segments
/// <c>freq[+freq...]/milliseconds</c>; a frequency of 0 is silence; a single segment without
/// <c>/milliseconds</c> is a continuous tone. Example: busy = <c>"480+620/500,0/500"</c>.
/// </summary>
public sealed class ToneSpec
{
    public ToneSpec() { }

    public ToneSpec(string cadence, bool repeat, double levelDbm0)
    {
        Cadence = cadence;
        Repeat = repeat;
        LevelDbm0 = levelDbm0;
    }

    public string Cadence { get; set; } = "";

    /// <summary>Play the cadence again and again until stopped (false: once, then the source ends).</summary>
    public bool Repeat { get; set; }

    /// <summary>Level of each frequency component in dBm0 (ITU-T G.711: 0 dBm0 is 3.17 dB below a full-scale sine).</summary>
    public double LevelDbm0 { get; set; } = -13;

    public ToneCadence Parse() => ToneCadence.Parse(Cadence);
}
