namespace SipGateway.Sip.Message;

/// <summary>CSeq: a 32-bit unsigned sequence number and a method (RFC 3261 §8.1.1.5, §20.16).</summary>
public readonly record struct CSeqHeader(uint Number, string Method)
{
    public static bool TryParse(string? text, out CSeqHeader cseq)
    {
        cseq = default;
        if (text is null) return false;
        var s = text.AsSpan().Trim();
        int i = 0;
        while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i == 0 || !uint.TryParse(s[..i], out var number)) return false;
        var method = s[i..].Trim();
        if (method.IsEmpty || !Lexer.IsToken(method)) return false;
        cseq = new CSeqHeader(number, method.ToString());
        return true;
    }

    public override string ToString() => $"{Number} {Method}";
}
