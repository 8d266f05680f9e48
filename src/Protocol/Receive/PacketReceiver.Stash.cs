using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>Packets received before their keys (RFC 9001 §5.7): bounded stash and replay.</summary>
public sealed partial class PacketReceiver
{
    /// <summary>Packets refused over the connection's life because the stash was full.</summary>
    public int StashOverflows { get; private set; }

    /// <summary>Stashed packets waiting for <paramref name="level"/>'s keys (or, for 1-RTT, the handshake to complete).</summary>
    public int GetStashedCount(EncryptionLevel level) => _stash.Count(level);

    /// <summary>Bytes held by stashed packets.</summary>
    public int StashedBytes => _stash.Bytes;

    /// <summary>
    /// Processes stashed packets of every level that has become usable, lower levels first,
    /// each in arrival order. Call it after <see cref="InstallKeys"/> and after
    /// <see cref="OnHandshakeCompleted"/>; it does nothing when no stashed level is ready.
    /// Packets are recorded for acknowledgment with their original arrival time.
    /// </summary>
    /// <exception cref="QuicProtocolException">As for <see cref="Receive{THandler}"/>; packets not yet replayed are then lost.</exception>
    public DatagramReceiveResult ReplayStashed<THandler>(TimeSpan now, ref THandler handler)
        where THandler : struct, IPacketHandler
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new DatagramReceiveResult();
        DiscardExpiredKeys(now);
        _traceNow = now;
        for (var level = EncryptionLevel.Initial; level <= EncryptionLevel.OneRtt; level++)
        {
            if (_stash.Count(level) == 0 || GetLevelState(level) != LevelState.Ready)
                continue;
            foreach (var stashed in _stash.Take(level))
            {
                if (_aeadLimitReached)
                {
                    result.DroppedNoKeys++;
                    TraceDrop(PacketType.Unknown, null, stashed.Bytes.Length, QlogDropTrigger.KeyUnavailable);
                    continue;
                }
                // The copy holds exactly one packet, delimited when it was stashed.
                if (!PacketHeaderParser.TryParse(stashed.Bytes, _localConnectionIdLength, out PacketHeader header)
                    || header.PacketLength != stashed.Bytes.Length)
                {
                    result.DroppedMalformed++;
                    TraceDrop(PacketType.Unknown, null, stashed.Bytes.Length, QlogDropTrigger.HeaderParseError);
                    continue;
                }
                HandlePacket(stashed.Bytes, in header, stashed.ReceivedAt, now, stashed.CongestionExperienced, ref handler, ref result);
            }
        }
        return result;
    }
}
