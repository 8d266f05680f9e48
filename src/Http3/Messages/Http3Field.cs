namespace ActorQuic.Http3.Messages;

/// <summary>
/// One decoded field line (RFC 9114 §4.2): a name (pseudo-header names start with ':') and a
/// value, as the QPACK decoder produces them and the encoder consumes them.
/// </summary>
public readonly record struct Http3Field(string Name, string Value)
{
    public bool IsPseudoHeader => Name.Length > 0 && Name[0] == ':';

    public override string ToString() => $"{Name}: {Value}";
}
