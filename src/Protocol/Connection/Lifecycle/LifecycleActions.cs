namespace ActorQuic.Protocol.Connection;

/// <summary>
/// What the owner of a <see cref="ConnectionLifecycle"/> must do after an input. Several may be
/// set at once; handle them in declaration order (for instance send the CONNECTION_CLOSE before
/// discarding state on <see cref="Closed"/>).
/// </summary>
[Flags]
public enum LifecycleActions
{
    None = 0,

    /// <summary>The handshake became confirmed (RFC 9001 §4.1.2): tell loss detection (RFC 9002 §6.2.1).</summary>
    HandshakeConfirmed = 1 << 0,

    /// <summary>A server must send HANDSHAKE_DONE (RFC 9001 §4.1.2, RFC 9000 §19.20).</summary>
    SendHandshakeDone = 1 << 1,

    /// <summary>Discard Initial keys and their loss recovery state (RFC 9001 §4.9.1, RFC 9002 §6.4).</summary>
    DiscardInitialKeys = 1 << 2,

    /// <summary>Discard Handshake keys and their loss recovery state (RFC 9001 §4.9.2).</summary>
    DiscardHandshakeKeys = 1 << 3,

    /// <summary>Discard 0-RTT keys (RFC 9001 §4.9.3).</summary>
    DiscardZeroRttKeys = 1 << 4,

    /// <summary>A server now considers its peer's address validated (RFC 9000 §8.1): lift the amplification limit.</summary>
    AddressValidated = 1 << 5,

    /// <summary>Send a PING to keep the connection alive (RFC 9000 §10.1.2).</summary>
    SendPing = 1 << 6,

    /// <summary>
    /// The connection ended for the application (<see cref="ConnectionLifecycle.CloseInfo"/> is set):
    /// streams are implicitly reset (RFC 9000 §10.2), stop sending anything but what this type asks for.
    /// </summary>
    Terminated = 1 << 7,

    /// <summary>
    /// Send one packet per level of <see cref="ConnectionLifecycle.ClosePlan"/>, each carrying that
    /// level's CONNECTION_CLOSE frame (coalesced into one datagram where possible, RFC 9000 §10.2.3).
    /// </summary>
    SendConnectionClose = 1 << 8,

    /// <summary>The closing or draining period is over (or the connection timed out): discard all state.</summary>
    Closed = 1 << 9,
}
