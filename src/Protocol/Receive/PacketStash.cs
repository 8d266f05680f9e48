namespace ActorQuic.Protocol.Receive;

/// <summary>
/// Copies of protected packets that arrived before their keys (RFC 9001 §5.7: they "MAY be
/// stored and later decrypted"). Bounded per level and in total so a peer or an attacker
/// cannot make us hold much memory; extras are refused. The copies are plain arrays, not pooled:
/// frames decoded from a replayed packet may point into them after the replay returns, and
/// stashing is rare (reordering around the handshake).
/// </summary>
internal sealed class PacketStash
{
    private const int LevelCount = 4;

    private readonly List<StashedPacket>?[] _levels = new List<StashedPacket>?[LevelCount];
    private readonly int _maxPerLevel;
    private readonly int _maxBytes;
    private int _bytes;

    public PacketStash(int maxPerLevel, int maxBytes)
    {
        _maxPerLevel = maxPerLevel;
        _maxBytes = maxBytes;
    }

    /// <summary>Bytes held over all levels.</summary>
    public int Bytes => _bytes;

    public int Count(EncryptionLevel level) => _levels[(int)level]?.Count ?? 0;

    /// <summary>Copies the packet; false when the level or the byte budget is full.</summary>
    public bool TryAdd(EncryptionLevel level, ReadOnlySpan<byte> packet, TimeSpan receivedAt, bool congestionExperienced)
    {
        var list = _levels[(int)level] ??= new List<StashedPacket>(Math.Min(_maxPerLevel, 8));
        if (list.Count >= _maxPerLevel || packet.Length > _maxBytes - _bytes)
            return false;
        list.Add(new StashedPacket(packet.ToArray(), receivedAt, congestionExperienced));
        _bytes += packet.Length;
        return true;
    }

    /// <summary>Removes and returns the level's packets in arrival order (empty when none).</summary>
    public StashedPacket[] Take(EncryptionLevel level)
    {
        var list = _levels[(int)level];
        if (list is null || list.Count == 0)
            return [];
        var packets = list.ToArray();
        list.Clear();
        foreach (var packet in packets)
            _bytes -= packet.Bytes.Length;
        return packets;
    }

    /// <summary>Forgets the level's packets (its keys were discarded); returns how many.</summary>
    public int Clear(EncryptionLevel level) => Take(level).Length;

    internal readonly record struct StashedPacket(byte[] Bytes, TimeSpan ReceivedAt, bool CongestionExperienced);
}
