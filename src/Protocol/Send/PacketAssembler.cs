using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Send;

/// <summary>
/// Builds UDP datagrams of coalesced, protected QUIC packets (RFC 9000 §12.2) from the frames
/// an <see cref="OutgoingFrames"/> holds: packet numbers per space (§12.3), headers (§17),
/// write keys per level including 1-RTT key updates (RFC 9001 §6), padding (RFC 9000 §14.1,
/// RFC 9001 §5.4.2), and the congestion and anti-amplification budgets the owner passes in.
/// Every packet built is reported as a <see cref="SentPacket{T}"/> for the loss detector.
/// Pure and single-threaded; when to send (pacing) is the owner's decision.
/// </summary>
public sealed partial class PacketAssembler : IDisposable
{
    /// <summary>RFC 9000 §14.1: datagrams with (client) or with ack-eliciting (server) Initial packets.</summary>
    public const int MinInitialDatagramSize = 1200;

    private readonly PacketProtection?[] _keys = new PacketProtection?[4];
    private readonly ulong[] _nextPacketNumber = new ulong[PacketNumberSpaceExtensions.Count];
    private readonly ulong?[] _largestAcked = new ulong?[PacketNumberSpaceExtensions.Count];
    private readonly bool[] _spaceDiscarded = new bool[PacketNumberSpaceExtensions.Count];

    public PacketAssembler(bool isServer, OutgoingFrames frames, uint version = QuicVersion.V1)
    {
        IsServer = isServer;
        Frames = frames ?? throw new ArgumentNullException(nameof(frames));
        Version = version;
    }

    public bool IsServer { get; }

    /// <summary>The frames this assembler draws from.</summary>
    public OutgoingFrames Frames { get; }

    /// <summary>The version written in long headers (may change after compatible version negotiation, RFC 9368).</summary>
    public uint Version { get; set; }

    /// <summary>The peer's connection ID we address packets to (changes after the server's first Initial, Retry, or a CID change).</summary>
    public ConnectionId DestinationConnectionId { get; set; }

    /// <summary>Our connection ID, written as the Source Connection ID of long headers.</summary>
    public ConnectionId SourceConnectionId { get; set; }

    /// <summary>Client Initial token from Retry or NEW_TOKEN (RFC 9000 §17.2.2); the bytes must not change.</summary>
    public ReadOnlyMemory<byte> Token { get; set; }

    /// <summary>The spin bit of short headers (RFC 9000 §17.4); the owner drives it.</summary>
    public bool SpinBit { get; set; }

    /// <summary>The 1-RTT key phase bit currently sent (RFC 9001 §6).</summary>
    public bool KeyPhase { get; private set; }

    /// <summary>The first packet number protected with the current 1-RTT keys: a key update may follow once a packet at or above it is acknowledged (RFC 9001 §6.1).</summary>
    public ulong KeyPhaseStartPacketNumber { get; private set; }

    /// <summary>Packets protected with the current 1-RTT keys, to compare with the confidentiality limit (RFC 9001 §6.6).</summary>
    public ulong PacketsProtectedWithCurrentKeys { get; private set; }

    /// <summary>Write keys are installed for <paramref name="level"/>.</summary>
    public bool HasKeys(EncryptionLevel level) => _keys[(int)level] is not null;

    /// <summary>The next packet number of <paramref name="space"/>.</summary>
    public ulong GetNextPacketNumber(PacketNumberSpace space) => _nextPacketNumber[(int)space];

    /// <summary>The largest packet number the peer acknowledged in <paramref name="space"/>, as known here.</summary>
    public ulong? GetLargestAcknowledged(PacketNumberSpace space) => _largestAcked[(int)space];

    /// <summary>
    /// Installs write keys for <paramref name="level"/> and takes ownership of them. Installing
    /// 1-RTT keys again (e.g. after a retry of the handshake) resets the key phase to 0.
    /// </summary>
    public void InstallKeys(EncryptionLevel level, PacketProtection protection)
    {
        ArgumentNullException.ThrowIfNull(protection);
        if (_spaceDiscarded[(int)level.ToPacketNumberSpace()] && level != EncryptionLevel.ZeroRtt && level != EncryptionLevel.OneRtt)
            throw new InvalidOperationException($"the {level} packet number space was discarded");
        _keys[(int)level]?.Dispose();
        _keys[(int)level] = protection;
        if (level == EncryptionLevel.OneRtt)
        {
            KeyPhase = false;
            KeyPhaseStartPacketNumber = _nextPacketNumber[(int)PacketNumberSpace.ApplicationData];
            PacketsProtectedWithCurrentKeys = 0;
        }
    }

    /// <summary>
    /// Discards the write keys of <paramref name="level"/> (RFC 9001 §4.9) and, for Initial and
    /// Handshake, the level's CRYPTO data, pending ACK and probes. Nothing more is sent at that level.
    /// </summary>
    public void DiscardKeys(EncryptionLevel level)
    {
        _keys[(int)level]?.Dispose();
        _keys[(int)level] = null;
        if (level is EncryptionLevel.Initial or EncryptionLevel.Handshake)
            _spaceDiscarded[(int)level.ToPacketNumberSpace()] = true;
        Frames.DiscardLevel(level);
    }

    /// <summary>
    /// Switches to the next 1-RTT write keys and flips the key phase bit (RFC 9001 §6.1), either
    /// to initiate a key update or to answer the peer's (§6.2). The owner checks the
    /// preconditions (handshake confirmed, a packet of the current phase acknowledged).
    /// </summary>
    public void UpdateKeys()
    {
        var current = _keys[(int)EncryptionLevel.OneRtt] ?? throw new InvalidOperationException("no 1-RTT keys to update");
        _keys[(int)EncryptionLevel.OneRtt] = current.NextGeneration();
        current.Dispose();
        KeyPhase = !KeyPhase;
        KeyPhaseStartPacketNumber = _nextPacketNumber[(int)PacketNumberSpace.ApplicationData];
        PacketsProtectedWithCurrentKeys = 0;
    }

    /// <summary>
    /// Records the peer's largest acknowledged packet number of a space: shorter packet numbers
    /// follow (RFC 9000 §17.1). <see cref="OnPacketAcked"/> does this for each acknowledged packet.
    /// </summary>
    public void OnLargestAcknowledged(PacketNumberSpace space, ulong packetNumber)
    {
        if (_largestAcked[(int)space] is not { } current || packetNumber > current)
            _largestAcked[(int)space] = packetNumber;
    }

    /// <summary>A packet was acknowledged: track the largest acknowledged and free its frames.</summary>
    public void OnPacketAcked(in SentPacket<SentFrames> packet)
    {
        OnLargestAcknowledged(packet.Payload.Space, packet.PacketNumber);
        Frames.OnPacketAcked(packet.Payload);
    }

    /// <summary>A packet was declared lost: its frames' information is queued again (RFC 9000 §13.3).</summary>
    public void OnPacketLost(in SentPacket<SentFrames> packet) => Frames.OnPacketLost(packet.Payload);

    public void Dispose()
    {
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i]?.Dispose();
            _keys[i] = null;
        }
    }

    private static PacketType GetPacketType(EncryptionLevel level) => level switch
    {
        EncryptionLevel.Initial => PacketType.Initial,
        EncryptionLevel.ZeroRtt => PacketType.ZeroRtt,
        EncryptionLevel.Handshake => PacketType.Handshake,
        _ => PacketType.OneRtt,
    };
}
