using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

public sealed partial class BackToBackUserAgent : IDialPlanSwitch
{
    public DialPlan CurrentDialPlan => _analysis.Plan;

    /// <summary>
    /// Swaps the plan with one reference write: a call reads the plan when it is analysed, so it sees either the old
    /// or the new plan, never a mix of half-built tables. The line rules are swapped first so that a DN the new plan
    /// introduces already has its rules when the first call reaches it.
    /// </summary>
    public void ReplaceDialPlan(DialPlan plan, IEnumerable<LineRules> lines)
    {
        ArgumentNullException.ThrowIfNull(plan);
        _lines.ReplaceRules(lines);
        _analysis = new DigitAnalysis(plan, _circular);
    }
}
