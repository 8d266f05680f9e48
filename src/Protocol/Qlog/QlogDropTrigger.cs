namespace ActorQuic.Protocol.Qlog;

/// <summary>Why a received packet was dropped (transport:packet_dropped trigger, quic-events 0.3 §5.7).</summary>
public enum QlogDropTrigger : byte
{
    /// <summary>Not delimitable, an unknown type, or header protection did not come off.</summary>
    HeaderParseError,

    /// <summary>Its level's keys were discarded or will never exist here, or the AEAD integrity limit was reached (RFC 9001 §6.6).</summary>
    KeyUnavailable,

    /// <summary>Authentication failed (RFC 9001 §5.5).</summary>
    PayloadDecryptError,

    /// <summary>The packet number was already processed (RFC 9000 §12.3).</summary>
    Duplicate,

    /// <summary>The stash for packets awaiting keys is full.</summary>
    DosPrevention,

    /// <summary>A Version Negotiation or Retry packet not acceptable now (RFC 9000 §6.2, §17.2.5).</summary>
    UnexpectedPacket,

    /// <summary>A long header of the other supported version than this connection's.</summary>
    UnexpectedVersion,

    /// <summary>A server's Initial with a token (RFC 9000 §17.2.2).</summary>
    InvalidInitial,
}
