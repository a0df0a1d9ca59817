namespace SipGateway.Routing;

/// <summary>Parses UCM route pattern syntax into normalised <see cref="PatternElement"/>s.</summary>
internal static class DigitPatternParser
{
    public static DigitPattern Parse(string text)
    {
        if (string.IsNullOrEmpty(text))
            throw new PatternSyntaxException("the pattern is empty", 1);

        // '!' and '+' add two elements per character; anything longer than that is rejected below anyway.
        var elements = new ElementBuffer(text.Length * 2 <= 128 ? stackalloc PatternElement[text.Length * 2] : new PatternElement[text.Length * 2]);
        int dotIndex = -1;
        // Index of the last element a '?' or '+' may repeat; -1 after '!', '.', a repeat, or at the start.
        int repeatable = -1;

        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            int position = i + 1;
            switch (c)
            {
                case >= '0' and <= '9':
                case '*':
                case '#':
                    repeatable = Add(ref elements, DialedSymbol.MaskOf(DialedSymbol.IndexOf(c)));
                    break;
                case 'X' or 'x':
                    repeatable = Add(ref elements, DialedSymbol.AnyDigit);
                    break;
                case '\\':
                    if (i + 1 >= text.Length || text[i + 1] != '+')
                        throw new PatternSyntaxException("'\\' must be followed by '+' (\\+ is a literal plus)", position);
                    repeatable = Add(ref elements, DialedSymbol.MaskOf(DialedSymbol.Plus));
                    i++;
                    break;
                case '!':
                    // '!' is one or more digits 0-9.
                    elements.Add(new PatternElement(DialedSymbol.AnyDigit, false));
                    elements.Add(new PatternElement(DialedSymbol.AnyDigit, true));
                    repeatable = -1;
                    break;
                case '[':
                    i = ParseBracket(text, i, out ushort mask);
                    repeatable = Add(ref elements, mask);
                    break;
                case ']':
                    throw new PatternSyntaxException("']' without a matching '['", position);
                case '?':
                    RequireRepeatable(repeatable, c, position);
                    elements[repeatable] = elements[repeatable] with { Repeats = true };
                    repeatable = -1;
                    break;
                case '+':
                    RequireRepeatable(repeatable, c, position);
                    elements.Add(elements[repeatable] with { Repeats = true });
                    repeatable = -1;
                    break;
                case '.':
                    if (dotIndex >= 0)
                        throw new PatternSyntaxException("a pattern may hold only one '.' (the discard boundary)", position);
                    if (elements.Count == 0)
                        throw new PatternSyntaxException("'.' must follow the digits it separates (e.g. 9.XXXX)", position);
                    dotIndex = elements.Count;
                    repeatable = -1;
                    break;
                case '@':
                    throw new PatternSyntaxException(
                        "'@' (the North American Numbering Plan) is not supported yet; write the digits explicitly, e.g. 9.1[2-9]XX[2-9]XXXXXX",
                        position);
                default:
                    throw new PatternSyntaxException(
                        $"unexpected character '{c}'; use digits, *, #, X, !, [..], [^..], ?, +, . or \\+", position);
            }
        }

        if (elements.Count > DigitPattern.MaxElements)
            throw new PatternSyntaxException($"the pattern is longer than {DigitPattern.MaxElements} elements", text.Length);

        return new DigitPattern(text, elements.ToArray(), dotIndex);
    }

    private static int Add(ref ElementBuffer elements, ushort mask)
    {
        elements.Add(new PatternElement(mask, false));
        return elements.Count - 1;
    }

    /// <summary>A growable list of elements over stack memory, so parsing allocates only the final array.</summary>
    private ref struct ElementBuffer(Span<PatternElement> items)
    {
        private readonly Span<PatternElement> _items = items;

        public int Count { get; private set; }

        public PatternElement this[int index]
        {
            get => _items[index];
            set => _items[index] = value;
        }

        public void Add(PatternElement element) => _items[Count++] = element;

        public readonly PatternElement[] ToArray() => _items[..Count].ToArray();
    }

    private static void RequireRepeatable(int repeatable, char c, int position)
    {
        if (repeatable < 0)
        {
            var hint = c == '+' ? "; write '\\+' for a literal plus" : "";
            throw new PatternSyntaxException(
                $"'{c}' repeats the previous digit, X or [..] and must follow one{hint}", position);
        }
    }

    /// <summary>Parses <c>[...]</c> starting at <paramref name="open"/>; returns the index of the closing bracket.</summary>
    private static int ParseBracket(string text, int open, out ushort mask)
    {
        int i = open + 1;
        bool exclude = i < text.Length && text[i] == '^';
        if (exclude) i++;
        int listed = 0;
        int start = i;
        for (; i < text.Length && text[i] != ']'; i++)
        {
            char c = text[i];
            if (c is < '0' or > '9')
                throw new PatternSyntaxException($"'{c}' inside [..]: only digits and ranges such as 2-9 are allowed", i + 1);
            if (i + 2 < text.Length && text[i + 1] == '-')
            {
                char high = text[i + 2];
                if (high is < '0' or > '9')
                    throw new PatternSyntaxException("a range needs a digit after '-', e.g. [2-9]", i + 3);
                if (high < c)
                    throw new PatternSyntaxException($"range {c}-{high} runs backwards; write {high}-{c}", i + 1);
                for (char d = c; d <= high; d++) listed |= 1 << (d - '0');
                i += 2;
            }
            else if (i + 1 < text.Length && text[i + 1] == '-')
            {
                throw new PatternSyntaxException("a range needs a digit after '-', e.g. [2-9]", i + 2);
            }
            else
            {
                listed |= 1 << (c - '0');
            }
        }
        if (i >= text.Length)
            throw new PatternSyntaxException("'[' is never closed with ']'", open + 1);
        if (i == start)
            throw new PatternSyntaxException("empty [..]: list at least one digit", open + 1);
        mask = exclude ? (ushort)(DialedSymbol.AnyDigit & ~listed) : (ushort)listed;
        if (mask == 0)
            throw new PatternSyntaxException("[^..] excludes every digit, so it can never match", open + 1);
        return i;
    }
}
