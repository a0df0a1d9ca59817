namespace SipGateway.Sip.Message;

/// <summary>Splits a header field value at commas that are outside quotes and angle brackets (RFC 3261 §7.3.1).</summary>
public static class HeaderValueList
{
    public static List<string> Split(string value)
    {
        var parts = new List<string>(1);
        bool quoted = false, escaped = false;
        int angle = 0, start = 0;
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (escaped) { escaped = false; continue; }
            if (quoted)
            {
                if (c == '\\') escaped = true;
                else if (c == '"') quoted = false;
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; break;
                case '<': angle++; break;
                case '>': if (angle > 0) angle--; break;
                case ',' when angle == 0:
                    Add(parts, value, start, i);
                    start = i + 1;
                    break;
            }
        }
        Add(parts, value, start, value.Length);
        return parts;
    }

    private static void Add(List<string> parts, string value, int start, int end)
    {
        var s = value.AsSpan(start, end - start).Trim();
        parts.Add(s.Length == value.Length ? value : s.ToString());
    }
}
