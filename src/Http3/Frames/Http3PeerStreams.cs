using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// Tracks the streams the peer opens (RFC 9114 §6): at most one control, QPACK encoder and QPACK
/// decoder stream each (§6.2.1, RFC 9204 §4.2: a second one is H3_STREAM_CREATION_ERROR), push
/// streams only from a server and only after MAX_PUSH_ID (§6.2.2, §4.6) — we never send
/// MAX_PUSH_ID, so a server's push stream is H3_ID_ERROR — unknown and reserved types are
/// discarded (§6.2, §6.2.3), and closing a critical stream is H3_CLOSED_CRITICAL_STREAM.
/// </summary>
public sealed class Http3PeerStreams
{
    private readonly StreamInitiator _localRole;

    public Http3PeerStreams(StreamInitiator localRole) => _localRole = localRole;

    public bool HasControlStream { get; private set; }
    public bool HasQpackEncoderStream { get; private set; }
    public bool HasQpackDecoderStream { get; private set; }

    /// <summary>
    /// Registers a peer unidirectional stream whose header has been read. Returns false when the
    /// stream should be discarded (unknown or reserved type: abort reading with
    /// H3_STREAM_CREATION_ERROR or drain it, never a connection error, §6.2); throws for violations.
    /// </summary>
    public bool Accept(UnidirectionalStreamHeader header)
    {
        if (!header.IsKnown) return false;
        switch (header.Type)
        {
            case UnidirectionalStreamType.Control:
                HasControlStream = Claim(HasControlStream, "control");
                return true;
            case UnidirectionalStreamType.QpackEncoder:
                HasQpackEncoderStream = Claim(HasQpackEncoderStream, "QPACK encoder");
                return true;
            case UnidirectionalStreamType.QpackDecoder:
                HasQpackDecoderStream = Claim(HasQpackDecoderStream, "QPACK decoder");
                return true;
            default: // Push
                if (_localRole == StreamInitiator.Server)
                    throw new Http3ProtocolException(Http3ErrorCode.StreamCreationError, "client opened a push stream");
                throw new Http3ProtocolException(Http3ErrorCode.IdError, $"push stream for push id {header.PushId} but no MAX_PUSH_ID was sent");
        }
    }

    /// <summary>
    /// Checks a new peer-initiated bidirectional stream: a client receiving one from a server is
    /// H3_STREAM_CREATION_ERROR (§6.1: HTTP/3 defines no server-initiated bidirectional streams).
    /// </summary>
    public void AcceptBidirectional(StreamId id)
    {
        if (_localRole == StreamInitiator.Client && id.IsBidirectional && id.IsServerInitiated)
            throw new Http3ProtocolException(Http3ErrorCode.StreamCreationError, $"server opened bidirectional stream {id.Value}");
    }

    /// <summary>
    /// A peer unidirectional stream of <paramref name="type"/> ended or was reset. Control and QPACK
    /// streams are critical: H3_CLOSED_CRITICAL_STREAM (§6.2.1, RFC 9204 §4.2).
    /// </summary>
    public static void OnStreamClosed(UnidirectionalStreamType type)
    {
        if (type is UnidirectionalStreamType.Control or UnidirectionalStreamType.QpackEncoder or UnidirectionalStreamType.QpackDecoder)
            throw new Http3ProtocolException(Http3ErrorCode.ClosedCriticalStream, $"peer closed its {type} stream");
    }

    private static bool Claim(bool already, string what)
    {
        if (already)
            throw new Http3ProtocolException(Http3ErrorCode.StreamCreationError, $"second {what} stream");
        return true;
    }
}
