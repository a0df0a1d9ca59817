using SipGateway.Calls.CallControl;
using SipGateway.Calls.Lines;
using SipGateway.Routing;

namespace SipGateway.Features.Mobility.Tests;

/// <summary>Stands in for the B2BUA: keeps the plan and line rules it is given, as the B2BUA would put them in force.</summary>
internal sealed class RecordingDialPlanSwitch(DialPlan initial) : IDialPlanSwitch
{
    public DialPlan CurrentDialPlan { get; private set; } = initial;
    public LineDirectory Lines { get; } = new([]);
    public int Swaps { get; private set; }

    public void ReplaceDialPlan(DialPlan plan, IEnumerable<LineRules> lines)
    {
        Lines.ReplaceRules(lines);
        CurrentDialPlan = plan;
        Swaps++;
    }
}
