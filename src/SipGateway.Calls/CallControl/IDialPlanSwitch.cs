using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Calls.CallControl;

/// <summary>
/// Puts a rebuilt dial plan and its line rules in force at once, for features that change which lines a device has
/// while it stays registered (Extension Mobility: a profile's lines replace the phone's logout lines).
/// </summary>
public interface IDialPlanSwitch
{
    /// <summary>The plan calls are analysed with now.</summary>
    DialPlan CurrentDialPlan { get; }

    /// <summary>
    /// New calls use <paramref name="plan"/> and <paramref name="lines"/> from now on; calls in progress keep the lines
    /// they occupy (the per-DN call counts carry over).
    /// </summary>
    void ReplaceDialPlan(DialPlan plan, IEnumerable<LineRules> lines);
}
