namespace SipGateway.Calls.Lines;

/// <summary>
/// Line settings changed at run time rather than in config (a CTI client setting Call Forward All or Do Not Disturb
/// on a device, as UCM lets JTAPI/TAPI applications do). Applied over the configured rules each time a line is read,
/// so a rebuilt dial plan keeps them.
/// </summary>
public interface ILineRuleOverrides
{
    /// <summary>The rules to use for <paramref name="dn"/>: <paramref name="configured"/> (null when the line has none) or a changed copy.</summary>
    LineRules? Apply(string dn, LineRules? configured);
}
