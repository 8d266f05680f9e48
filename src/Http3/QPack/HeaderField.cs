namespace ActorQuic.Http3.QPack;

/// <summary>
/// One field line (RFC 9204 §1.1). Names and values are byte strings carried as Latin-1 strings:
/// each char is one octet (U+0000..U+00FF), so any octet sequence round-trips exactly and the
/// length of the string is the length in bytes used for table sizes (RFC 9204 §3.2.1).
/// QPACK does not validate content (lowercase names, no NUL/CR/LF in values): that is the HTTP/3
/// layer's job (RFC 9114 §4.2). The encoder rejects chars above U+00FF with an ArgumentException.
/// </summary>
/// <param name="NeverIndex">The 'N' bit (RFC 9204 §4.5.4): on decode, the peer sent this line as a
/// never-indexed literal; on encode, the line is always sent as a literal with N set and never
/// enters the dynamic table (RFC 9204 §7.1.3). Intermediaries must forward it unchanged.</param>
public readonly record struct HeaderField(string Name, string Value, bool NeverIndex = false)
{
    /// <summary>The size of this line as a dynamic table entry: name + value + 32 (RFC 9204 §3.2.1).</summary>
    public long Size => (long)Name.Length + Value.Length + DynamicTable.EntryOverhead;

    public override string ToString() => NeverIndex ? $"{Name}: {Value} (never indexed)" : $"{Name}: {Value}";
}
