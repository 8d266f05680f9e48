namespace ActorQuic.Http3.Frames;

/// <summary>
/// The decoded start of a unidirectional stream (RFC 9114 §6.2): its raw type and, for push
/// streams, the push id that follows it (§6.2.2).
/// </summary>
public readonly record struct UnidirectionalStreamHeader(ulong RawType, ulong PushId = 0)
{
    /// <summary>A type this stack implements: control, push, QPACK encoder or decoder.</summary>
    public bool IsKnown => RawType <= (ulong)UnidirectionalStreamType.QpackDecoder;

    /// <summary>Only meaningful when <see cref="IsKnown"/>.</summary>
    public UnidirectionalStreamType Type => (UnidirectionalStreamType)RawType;

    /// <summary>A reserved (grease) type, §6.2.3: no meaning, discard the stream.</summary>
    public bool IsReserved => Http3Grease.IsReserved(RawType);
}
