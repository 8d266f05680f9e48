using ActorQuic.Protocol;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// The messages one datagram produced, collected by <see cref="ReceiverFrameHandler"/> while
/// frames are parsed and sent by the receiver once the datagram is done: one batch per
/// datagram. Owned by the receiver actor and reused.
/// </summary>
internal sealed class ReceiveOutputs
{
    public readonly List<CryptoReceived> Crypto = [];
    public readonly List<AckReceived> Acks = [];
    public readonly List<object> ToConnection = [];
    public ConnectionId? PeerSourceConnectionId;
    public EncryptionLevel CurrentLevel;
    /// <summary>The DCID of the packet being parsed (RETIRE_CONNECTION_ID must not retire it, RFC 9000 §19.16).</summary>
    public ConnectionId CurrentDestinationConnectionId;
    public TimeSpan Now;
    public readonly List<AckRange> RangeScratch = [];

    public void Clear()
    {
        Crypto.Clear();
        Acks.Clear();
        ToConnection.Clear();
        PeerSourceConnectionId = null;
    }
}
