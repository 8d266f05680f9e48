using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.ConnectionIds;

public sealed partial class LocalConnectionIds
{
    /// <summary>
    /// Handles the peer's RETIRE_CONNECTION_ID (RFC 9000 §19.16): the ID stops routing here, its
    /// reset token is void, and a replacement is issued (§5.1.1: SHOULD supply a new ID when the
    /// peer retires one). A repeated frame for an ID already retired is ignored.
    /// </summary>
    /// <param name="packetDestinationConnectionId">The Destination Connection ID of the packet that carried the frame.</param>
    /// <exception cref="QuicProtocolException">PROTOCOL_VIOLATION as §19.16 requires.</exception>
    public void OnRetireConnectionId(RetireConnectionIdFrame frame, ConnectionId packetDestinationConnectionId)
    {
        const ulong type = (ulong)FrameType.RetireConnectionId;
        // §19.16: an endpoint that provides a zero-length connection ID MUST treat receipt of
        // RETIRE_CONNECTION_ID as a PROTOCOL_VIOLATION.
        if (IsZeroLength)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                "RETIRE_CONNECTION_ID sent to an endpoint using zero-length connection IDs", type);
        // §19.16: a sequence number greater than any previously sent MUST be a PROTOCOL_VIOLATION.
        if (frame.SequenceNumber >= _nextSequence)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                $"RETIRE_CONNECTION_ID for sequence number {frame.SequenceNumber}, never issued", type);
        int index = IndexOfSequence(frame.SequenceNumber);
        if (index < 0) return; // already retired: a retransmission
        // §19.16: the sequence number MUST NOT refer to the packet's own Destination Connection
        // ID; we take the option to close, since such a peer is confused about what it uses.
        if (_active[index].ConnectionId == packetDestinationConnectionId)
            throw new QuicProtocolException(TransportErrorCode.ProtocolViolation,
                "RETIRE_CONNECTION_ID retires the connection ID its own packet was sent to", type);
        RetireAt(index);
        Replenish();
    }

    private void RetireAt(int index)
    {
        var entry = _active[index];
        _active.RemoveAt(index);
        _pendingFrames.Remove(entry.SequenceNumber);
        _routingChanges.Enqueue(new CidRetired(entry.ConnectionId));
    }
}
