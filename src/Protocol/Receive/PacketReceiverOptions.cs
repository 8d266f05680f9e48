using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>Configuration of a <see cref="PacketReceiver"/>; defaults follow the RFCs.</summary>
public sealed class PacketReceiverOptions
{
    /// <summary>Our role: a server refuses VN and Retry, a client refuses 0-RTT (RFC 9001 §5.6).</summary>
    public bool IsServer { get; set; }

    /// <summary>The QUIC version of the connection (v1 or v2). A client drops a VN that lists it (RFC 9000 §6.2).</summary>
    public uint Version { get; set; } = QuicVersion.V1;

    /// <summary>Length of the connection IDs we issue: short headers do not carry it (RFC 9000 §17.3.1). 0-20.</summary>
    public int LocalConnectionIdLength { get; set; } = 8;

    /// <summary>
    /// Client only: the Destination Connection ID of our first Initial. Retry tags are verified
    /// against it (RFC 9001 §5.8) and a VN must echo it (RFC 9000 §17.2.1). Without it a client
    /// discards every Retry and VN.
    /// </summary>
    public ConnectionId? OriginalDestinationConnectionId { get; set; }

    /// <summary>Packets kept per level while their keys are missing (RFC 9001 §5.7). Default 8.</summary>
    public int MaxStashedPacketsPerLevel { get; set; } = 8;

    /// <summary>Bytes kept over all stashed packets. Default 16 KiB.</summary>
    public int MaxStashedBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// Override of the AEAD integrity limit (RFC 9001 §6.6), e.g. a tiny value in tests. Null:
    /// the smallest limit of the cipher suites installed so far.
    /// </summary>
    public ulong? IntegrityLimit { get; set; }

    /// <summary>Our max_ack_delay transport parameter (RFC 9000 §18.2). Default 25 ms.</summary>
    public TimeSpan MaxAckDelay { get; set; } = AckTracker.DefaultMaxAckDelay;

    /// <summary>Our ack_delay_exponent transport parameter (RFC 9000 §18.2). Default 3.</summary>
    public int AckDelayExponent { get; set; } = AckDelayEncoding.DefaultExponent;

    /// <summary>Most ACK ranges remembered per packet number space.</summary>
    public int MaxAckRanges { get; set; } = AckRangeSet.DefaultMaxRanges;

    /// <summary>
    /// How long previous 1-RTT read keys survive after the first packet with newer keys: three
    /// times the PTO (RFC 9001 §6.5). The owner updates it (see
    /// <see cref="PacketReceiver.PreviousKeyRetention"/>) as the RTT estimate changes. Default 3 s,
    /// three initial PTOs (RFC 9002 §6.2.2).
    /// </summary>
    public TimeSpan PreviousKeyRetention { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first bad setting.</summary>
    public void Validate()
    {
        if (!QuicVersion.IsSupported(Version))
            throw new ArgumentException($"unsupported QUIC version 0x{Version:x8}", nameof(Version));
        if ((uint)LocalConnectionIdLength > ConnectionId.MaxLength)
            throw new ArgumentException("local connection IDs are 0-20 bytes", nameof(LocalConnectionIdLength));
        if (MaxStashedPacketsPerLevel < 0)
            throw new ArgumentException("cannot be negative", nameof(MaxStashedPacketsPerLevel));
        if (MaxStashedBytes < 0)
            throw new ArgumentException("cannot be negative", nameof(MaxStashedBytes));
        if (IntegrityLimit == 0)
            throw new ArgumentException("must be at least 1", nameof(IntegrityLimit));
        if (MaxAckDelay < TimeSpan.Zero)
            throw new ArgumentException("cannot be negative", nameof(MaxAckDelay));
        if ((uint)AckDelayExponent > AckDelayEncoding.MaxExponent)
            throw new ArgumentException("0-20 (RFC 9000 §18.2)", nameof(AckDelayExponent));
        if (MaxAckRanges < 1)
            throw new ArgumentException("at least 1", nameof(MaxAckRanges));
        if (PreviousKeyRetention < TimeSpan.Zero)
            throw new ArgumentException("cannot be negative", nameof(PreviousKeyRetention));
    }
}
