using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SipGateway.Routing;

/// <summary>
/// UCM's Dialed Number Analyzer: analyse digits as a given caller and report every step. The host's
/// <c>analyze</c> verb and <c>GET /api/analyze</c> both print <see cref="AnalyzeToJson"/>, so they match byte for byte.
/// Never advances circular route groups: it uses a fresh counter, so it shows each group's configured start.
/// </summary>
public static class DialedNumberAnalyzer
{
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // Patterns and E.164 numbers hold '+' and '\': keep them readable instead of \u002B.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <param name="css">CSS name; with <paramref name="device"/> it is searched before the device CSS.</param>
    /// <param name="device">Supplies the device pool (local route group), device CSS and, without <paramref name="css"/>, the primary line's CSS.</param>
    public static DialedNumberAnalysis Analyze(DialPlan plan, string? css, string digits, string? calling = null, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(plan);
        Caller caller;
        try
        {
            caller = string.IsNullOrEmpty(css) && !string.IsNullOrEmpty(device)
                ? plan.CallerFromDevice(device)
                : plan.CallerWithCss(css, device);
        }
        catch (KeyNotFoundException e)
        {
            return new DialedNumberAnalysis
            {
                Result = RoutingResult.Error, CalledNumber = digits ?? "", CallingNumber = calling ?? "", Error = e.Message,
            };
        }

        var candidates = new List<AnalysisCandidate>();
        var decision = new DigitAnalysis(plan, new CircularDistributionCounter()).Analyze(caller, digits ?? "", calling, candidates);
        return Report(decision, candidates, caller);
    }

    public static string AnalyzeToJson(DialPlan plan, string? css, string digits, string? calling = null, string? device = null) =>
        ToJson(Analyze(plan, css, digits, calling, device));

    public static string ToJson(DialedNumberAnalysis analysis) => JsonSerializer.Serialize(analysis, JsonOptions);

    private static DialedNumberAnalysis Report(RoutingDecision decision, List<AnalysisCandidate> candidates, Caller caller)
    {
        var failover = decision.Failover;
        return new DialedNumberAnalysis
        {
            Result = decision.Result,
            Pattern = decision.Match?.Pattern.Text,
            Partition = decision.Match?.Partition.Name,
            Translations = decision.Translations
                .Select(t => new DialedNumberAnalysis.TranslationReport(t.Pattern.Pattern.Text, t.Pattern.Partition.Name, t.CalledNumber, t.CallingNumber))
                .ToArray(),
            CalledNumber = decision.CalledNumber,
            CallingNumber = decision.CallingNumber,
            RouteList = decision.RouteList?.Name,
            RouteGroups = decision.RouteGroups.Select(g => g.Name).ToArray(),
            Members = decision.Members.Select(m => m.Trunk).ToArray(),
            BlockReason = decision.BlockReason,
            Candidates = candidates
                .Select(c => new DialedNumberAnalysis.CandidateReport(c.Entry.Pattern.Text, c.Entry.Partition.Name, c.Matches, KindOf(c.Entry)))
                .ToArray(),
            Error = decision.Error,
            Css = caller.Css.Name,
            Devices = decision.DirectoryNumber?.Devices.ToArray() ?? [],
            Targets = decision.Members
                .Select(m => new DialedNumberAnalysis.TargetReport(m.Trunk, m.RouteGroup, m.CalledNumber, m.CallingNumber))
                .ToArray(),
            UrgentPriority = decision.UrgentPriority,
            Failover = failover is null ? null : new DialedNumberAnalysis.FailoverReport(
                failover.StopRoutingOnUserBusy, failover.StopRoutingOnUnallocatedNumber,
                "advance to the next member on timeout, transport error, 408, 480, 5xx and other failures"
                + (failover.StopRoutingOnUserBusy ? "; stop on 486/600" : "; advance on 486/600")
                + (failover.StopRoutingOnUnallocatedNumber ? "; stop on 404/485" : "; advance on 404/485")
                + "; never after media negotiation started"),
        };
    }

    private static string KindOf(DialPlanEntry entry) => entry switch
    {
        DirectoryNumber => "DirectoryNumber",
        TranslationPattern => "TranslationPattern",
        _ => "RoutePattern",
    };
}
