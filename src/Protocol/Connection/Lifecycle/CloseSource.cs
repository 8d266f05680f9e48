namespace ActorQuic.Protocol.Connection;

/// <summary>Why a connection ended (RFC 9000 §10: idle timeout, immediate close, stateless reset).</summary>
public enum CloseSource : byte
{
    /// <summary>This endpoint sent CONNECTION_CLOSE (RFC 9000 §10.2).</summary>
    Local,

    /// <summary>The peer sent CONNECTION_CLOSE (RFC 9000 §10.2.2).</summary>
    Peer,

    /// <summary>Nothing was received for the idle timeout (RFC 9000 §10.1); closed silently.</summary>
    IdleTimeout,

    /// <summary>A stateless reset was detected (RFC 9000 §10.3).</summary>
    StatelessReset,
}
