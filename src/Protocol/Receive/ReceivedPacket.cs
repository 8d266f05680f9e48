using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// A packet that passed header and packet protection removal, as reported to an
/// <see cref="IPacketHandler"/> around its frames. Memory fields are slices of the received
/// datagram (or of a stashed copy), valid for the duration of the callback only.
/// </summary>
/// <param name="Level">The encryption level that protected it; CRYPTO frames belong to this level.</param>
/// <param name="Type">Initial, ZeroRtt, Handshake or OneRtt.</param>
/// <param name="PacketNumber">The full, decoded packet number (RFC 9000 §17.1).</param>
/// <param name="Length">Bytes the packet occupied in its datagram.</param>
/// <param name="ReceivedAt">When its datagram arrived (earlier than now for a replayed stashed packet).</param>
/// <param name="DestinationConnectionId">As received.</param>
/// <param name="SourceConnectionId">Long headers only; empty for 1-RTT.</param>
/// <param name="KeyGeneration">1-RTT only: the key generation that opened it (key phase = generation % 2).</param>
/// <param name="SpinBit">1-RTT only: the latency spin bit (RFC 9000 §17.4).</param>
public readonly record struct ReceivedPacket(
    EncryptionLevel Level,
    PacketType Type,
    ulong PacketNumber,
    int Length,
    TimeSpan ReceivedAt,
    ReadOnlyMemory<byte> DestinationConnectionId,
    ReadOnlyMemory<byte> SourceConnectionId,
    ulong KeyGeneration,
    bool SpinBit);
