using System.Runtime.CompilerServices;

namespace SipGateway.Routing;

/// <summary>
/// UCM digit analysis over a <see cref="DialPlan"/>: find every DN and pattern matching the dialed digits in
/// the caller's CSS, take the closest match, follow translation patterns, and expand the route list.
/// </summary>
public sealed class DigitAnalysis
{
    private readonly DialPlan _plan;
    private readonly CircularDistributionCounter _circular;

    public DigitAnalysis(DialPlan plan, CircularDistributionCounter? circular = null)
    {
        _plan = plan ?? throw new ArgumentNullException(nameof(plan));
        _circular = circular ?? new CircularDistributionCounter();
    }

    public DialPlan Plan => _plan;

    /// <param name="callingNumber">Calling party number; null uses the caller's line DN.</param>
    public RoutingDecision Analyze(Caller caller, string dialedDigits, string? callingNumber = null) =>
        Analyze(caller, dialedDigits, callingNumber, null);

    /// <param name="candidates">When given, receives the reachable matches of the last analysis pass, closest first.</param>
    internal RoutingDecision Analyze(Caller caller, string dialedDigits, string? callingNumber, List<AnalysisCandidate>? candidates)
    {
        ArgumentNullException.ThrowIfNull(caller);
        string called = dialedDigits ?? "";
        string calling = callingNumber ?? caller.CallingNumber ?? "";
        var css = caller.Css;
        List<TranslationStep>? translations = null;

        while (true)
        {
            var invalid = Validate(called);
            if (invalid is not null)
                return new RoutingDecision(RoutingResult.Error, called, calling) { Error = invalid, Steps = translations };

            candidates?.Clear();
            int found = ClosestMatch(css, called, candidates);
            if (found < 0)
                return new RoutingDecision(RoutingResult.Unallocated, called, calling) { Steps = translations };

            // Decide from the terminal's copies: a route or DN result never reads the (cold) entry object.
            ref readonly var terminal = ref _plan.Index.TerminalAt(found);
            if (terminal.IsRoute) return Route(caller, in terminal, called, calling, translations);
            if (!terminal.IsTranslation)
                return new RoutingDecision(RoutingResult.DirectoryNumber, called, calling) { Match = terminal.Entry, Steps = translations };

            switch (terminal.Entry)
            {
                case TranslationPattern translation:
                    if (translation.Block)
                        return Blocked(translation, called, calling, translation.BlockReason, translations);
                    if ((translations?.Count ?? 0) == DialPlan.MaxTranslations)
                        return TranslationLoop(called, calling, translations!, translation);
                    var transformation = translation.Transformation;
                    var nextCalled = transformation.TransformCalled(translation.Pattern, called, terminal.DigitsBeforeDot);
                    calling = transformation.TransformCalling(calling, caller.ExternalPhoneNumberMask);
                    called = nextCalled;
                    (translations ??= new()).Add(new TranslationStep(translation, called, calling));
                    // UCM re-analyses with the translation pattern's CSS; without one, with the originator's.
                    css = translation.Css ?? caller.Css;
                    break;
            }
        }
    }

    /// <summary>The closest reachable match as a terminal index of the plan's index, or -1.</summary>
    private int ClosestMatch(CallingSearchSpace css, string digits, List<AnalysisCandidate>? candidates)
    {
        var index = _plan.Index;
        int best = -1;
        UInt128 bestCount = 0;
        int bestRank = 0, bestOrder = 0;
        foreach (int position in index.Match(digits))
        {
            // Every entry ending at one node matches the same strings, so closeness is counted once per node;
            // ranking reads only the node's terminals (no entry is dereferenced).
            var group = index.TerminalsAt(position, out int first);
            var count = PatternIndex.Closeness(in group[0], digits.Length);
            if (best >= 0 && count > bestCount && candidates is null) continue;
            for (int k = 0; k < group.Length; k++)
            {
                ref readonly var terminal = ref group[k];
                int rank = css.RankOf(terminal.PartitionId);
                if (rank < 0) continue;
                int order = terminal.Order;
                candidates?.Add(new AnalysisCandidate(terminal.Entry, count, rank));
                // Closest match: fewest matching strings; only an exact tie falls back to CSS order.
                if (best < 0 || count < bestCount
                    || (count == bestCount && (rank < bestRank || (rank == bestRank && order < bestOrder))))
                {
                    best = first + k;
                    bestCount = count;
                    bestRank = rank;
                    bestOrder = order;
                }
            }
        }
        candidates?.Sort(static (a, b) =>
        {
            int byCount = a.Matches.CompareTo(b.Matches);
            if (byCount != 0) return byCount;
            int byRank = a.CssRank.CompareTo(b.CssRank);
            return byRank != 0 ? byRank : a.Entry.Order.CompareTo(b.Entry.Order);
        });
        return best;
    }

    private RoutingDecision Route(Caller caller, in Terminal terminal, string dialed, string calling, List<TranslationStep>? translations)
    {
        // IsRoute vouches for the type: no cast check, which would read the entry's header (a cache miss).
        var route = Unsafe.As<RoutePattern>(terminal.Entry);
        if (terminal.Block)
            return Blocked(route, dialed, calling, route.BlockReason, translations);

        var transformation = terminal.Transformation!;
        // The pattern is only read when the digits before its '.' depend on what was dialed.
        var pattern = terminal.DigitsBeforeDot >= 0 ? null! : route.Pattern;
        var called = transformation.TransformCalled(pattern, dialed, terminal.DigitsBeforeDot);
        var transformedCalling = transformation.TransformCalling(calling, caller.ExternalPhoneNumberMask);
        var routeList = terminal.RouteList!;
        var expansion = routeList.ExpansionFor(caller.DevicePool?.LocalRouteGroup, _plan.FailoverRules);
        var members = expansion.PerCallMembers
            ? PerCallMembers(expansion, routeList, transformation, pattern, in terminal, dialed, called, calling, transformedCalling, caller)
            : null;
        return new RoutingDecision(expansion, members is null ? CircularStarts(expansion) : 0, members, translations, called, transformedCalling)
        {
            Match = route,
            UrgentPriority = terminal.UrgentPriority,
        };
    }

    /// <summary>This call's start in each circular group, packed as <see cref="RouteMembers"/> reads them.</summary>
    private ulong CircularStarts(RouteExpansion expansion)
    {
        ulong starts = 0;
        var circular = expansion.Circular;
        for (int c = 0; c < circular.Length; c++)
        {
            // Reduced here so any counter (Next is virtual) packs into 16 bits; a negative start fails as a bad index would.
            int start = _circular.Next(circular[c]) % circular[c].MemberCount;
            ArgumentOutOfRangeException.ThrowIfNegative(start);
            starts |= (ulong)start << (16 * c);
        }
        return starts;
    }

    /// <summary>Members with their own numbers per group (route list overrides, or circular starts that do not pack).</summary>
    private RouteTarget[] PerCallMembers(RouteExpansion expansion, RouteList routeList, PartyTransformation transformation,
        DigitPattern pattern, in Terminal terminal, string dialed, string called, string calling, string transformedCalling, Caller caller)
    {
        var members = new RouteTarget[expansion.MemberCount];
        var groups = expansion.Groups;
        int m = 0, g = 0;
        foreach (var entry in routeList.Entries)
        {
            if ((entry.RouteGroup ?? caller.DevicePool?.LocalRouteGroup) is null) continue;
            var group = groups[g++];
            string groupCalled = called, groupCalling = transformedCalling;
            if (entry.HasOverrides)
            {
                // Route-list-level settings replace the pattern's and start again from the digits the pattern received.
                var overridden = transformation.OverriddenBy(entry);
                groupCalled = overridden.TransformCalled(pattern, dialed, terminal.DigitsBeforeDot);
                groupCalling = overridden.TransformCalling(calling, caller.ExternalPhoneNumberMask);
            }
            var trunks = group.Members;
            int count = trunks.Count;
            int start = group.Distribution == RouteGroupDistribution.Circular ? _circular.Next(group) : 0;
            for (int k = 0; k < count; k++)
                members[m++] = new RouteTarget(trunks[(start + k) % count], group.Name, groupCalled, groupCalling);
        }
        return members;
    }

    private static RoutingDecision Blocked(DialPlanEntry entry, string called, string calling, string? reason,
        List<TranslationStep>? translations) =>
        new(RoutingResult.Block, called, calling)
        {
            Match = entry,
            Steps = translations,
            BlockReason = string.IsNullOrEmpty(reason) ? entry.DefaultBlockReason : reason,
        };

    private static RoutingDecision TranslationLoop(string called, string calling, List<TranslationStep> translations, TranslationPattern next)
    {
        var chain = string.Join(" -> ", translations.Select(t => t.Pattern.Pattern.Text).Append(next.Pattern.Text));
        return new RoutingDecision(RoutingResult.Error, called, calling)
        {
            Match = next,
            Steps = translations,
            Error = $"translation loop: more than {DialPlan.MaxTranslations} translation patterns in a row ({chain})",
        };
    }

    private static string? Validate(string digits)
    {
        if (digits.Length > DigitPattern.MaxDialedLength)
            return $"the number is longer than {DigitPattern.MaxDialedLength} digits";
        // One vectorised scan; the message needs only the first bad symbol.
        int bad = digits.AsSpan().IndexOfAnyExcept(DialedSymbol.All);
        return bad < 0 ? null
            : $"'{digits[bad]}' at position {bad + 1} is not a dialable digit (0-9, *, #, +)";
    }
}
