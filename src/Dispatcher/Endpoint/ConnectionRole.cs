namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>Which side of the handshake a connection on the endpoint's socket plays (RFC 9000 §5.2: one socket serves both).</summary>
public enum ConnectionRole : byte
{
    /// <summary>Accepted from a client Initial.</summary>
    Server,

    /// <summary>Opened by <see cref="Connect"/>.</summary>
    Client,
}
