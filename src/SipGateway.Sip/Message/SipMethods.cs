namespace SipGateway.Sip.Message;

/// <summary>Method names (case-sensitive, RFC 3261 §7.1). Returns interned instances so parsing known methods allocates nothing.</summary>
public static class SipMethods
{
    public const string Invite = "INVITE", Ack = "ACK", Bye = "BYE", Cancel = "CANCEL", Options = "OPTIONS",
        Register = "REGISTER", Prack = "PRACK", Update = "UPDATE", Info = "INFO", Subscribe = "SUBSCRIBE",
        Notify = "NOTIFY", Refer = "REFER", Message = "MESSAGE", Publish = "PUBLISH";

    private static readonly string[] All = [Invite, Ack, Bye, Cancel, Options, Register, Prack, Update, Info, Subscribe, Notify, Refer, Message, Publish];

    /// <summary>Methods defined by IETF RFCs; a method outside this set is "unrecognised" (501, §8.2.1).</summary>
    public static bool IsKnown(string method) => Array.IndexOf(All, method) >= 0;

    public static string Intern(ReadOnlySpan<byte> method)
    {
        foreach (var m in All)
        {
            if (m.Length != method.Length) continue;
            bool same = true;
            for (int i = 0; i < m.Length && same; i++) same = m[i] == method[i];
            if (same) return m;
        }
        return System.Text.Encoding.UTF8.GetString(method);
    }
}
