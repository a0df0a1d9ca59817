namespace SipGateway.Routing;

/// <summary>
/// One node of <see cref="PatternIndex"/> (24 bytes). Its edges sit side by side in the edge array:
/// <see cref="EdgeCount"/> symbol edges, then <see cref="RepeatCount"/> repeat edges.
/// </summary>
internal struct PatternIndexNode
{
    /// <summary>Bit r set: some entry ends exactly r symbols below this node. Lets a walk drop nodes that cannot
    /// finish with the digits left (a 10-digit number never needs the branches of 7-digit patterns).</summary>
    public ulong CompletionLengths;
    public int EdgeStart;
    /// <summary>Index into the terminal groups, or -1 when no entry ends here.</summary>
    public int TerminalGroup;
    public ushort EdgeCount;
    /// <summary>Symbols the node may consume again (it was entered through a repeating element).</summary>
    public ushort LoopMask;
    /// <summary>Children entered without consuming a symbol (zero repeats of a repeating element).</summary>
    public byte RepeatCount;
}
