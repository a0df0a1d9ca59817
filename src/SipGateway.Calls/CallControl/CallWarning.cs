namespace SipGateway.Calls.CallControl;

/// <summary>
/// A Warning header for a failure response (RFC 3261 §20.43): the warn-code says which kind of mismatch, the text the
/// real reason (a caller offering only RTP/SAVP learns that, not "no common codec").
/// </summary>
internal readonly record struct CallWarning(int Code, string Text)
{
    /// <summary>warning-value = warn-code SP warn-agent SP warn-text; the agent is our domain (a pseudonym, §20.43).</summary>
    public string HeaderValue(string agent) => $"{Code} {agent} \"{Text.Replace("\"", "'")}\"";
}
