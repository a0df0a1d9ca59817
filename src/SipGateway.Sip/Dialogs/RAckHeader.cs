using System.Globalization;

namespace SipGateway.Sip.Dialogs;

/// <summary>RAck: the RSeq, CSeq number and method of the reliable provisional a PRACK acknowledges (RFC 3262 §7.2).</summary>
public readonly record struct RAckHeader(uint RSeq, uint CSeq, string Method)
{
    public static bool TryParse(string? text, out RAckHeader rack)
    {
        rack = default;
        if (text is null) return false;
        var parts = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3
            || !uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rseq)
            || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cseq))
            return false;
        rack = new RAckHeader(rseq, cseq, parts[2]);
        return true;
    }

    public override string ToString() => $"{RSeq} {CSeq} {Method}";
}
