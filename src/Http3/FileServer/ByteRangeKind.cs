namespace ActorQuic.Http3.FileServer;

/// <summary>What a Range header asks of a representation of a known length.</summary>
public enum ByteRangeKind : byte
{
    /// <summary>No usable Range (absent, another unit, bad syntax, several ranges): send 200 and everything.</summary>
    Full,

    /// <summary>One satisfiable range: 206 with Content-Range.</summary>
    Partial,

    /// <summary>Syntactically fine but nothing satisfiable: 416 with <c>Content-Range: bytes */length</c>.</summary>
    Unsatisfiable,
}
