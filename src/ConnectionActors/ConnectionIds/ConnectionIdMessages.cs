using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>Receiver → connection: RETIRE_CONNECTION_ID and the DCID of the packet that carried it (RFC 9000 §19.16).</summary>
public sealed record RetireConnectionIdReceived(ulong SequenceNumber, ConnectionId PacketDestinationConnectionId);

/// <summary>Connection → sender: queue NEW_CONNECTION_ID (RFC 9000 §19.15); the endpoint already routes the ID here.</summary>
public sealed record SendNewConnectionId(ulong SequenceNumber, ulong RetirePriorTo, ConnectionId ConnectionId, StatelessResetToken ResetToken);

/// <summary>Connection → sender: queue RETIRE_CONNECTION_ID for one of the peer's IDs (RFC 9000 §19.16).</summary>
public sealed record SendRetireConnectionId(ulong SequenceNumber);

/// <summary>Connection → sender: address 1-RTT packets to this peer connection ID from now on (RFC 9000 §5.1.2).</summary>
public sealed record UseDestinationConnectionId(ConnectionId ConnectionId);

/// <summary>
/// Test and diagnostics → connection: move to an unused peer connection ID and retire the
/// current one (RFC 9000 §5.1.2, §9.5), e.g. after inactivity. Ignored when none is unused.
/// </summary>
internal sealed record RotatePeerConnectionId
{
    public static readonly RotatePeerConnectionId Instance = new();
}
