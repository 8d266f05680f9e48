using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>
/// Pass 2 of receiving, the pure component the connection's receiver actor owns: removes
/// header and packet protection (RFC 9001 §5), decodes frames into an <see cref="IPacketHandler"/>,
/// and tracks the packet numbers to acknowledge per packet number space (RFC 9000 §12.3, §13).
/// It holds the read keys of every level, including 1-RTT key update state (RFC 9001 §6), and
/// stashes packets whose keys have not arrived yet (RFC 9001 §5.7). Sans-IO: time is a
/// parameter (a <see cref="TimeSpan"/> since connection start). Not thread-safe: one owner.
/// </summary>
/// <remarks>
/// Per packet: level from the header; discarded level → drop; keys not yet usable → stash a
/// copy; remove header protection; decode the packet number against the largest processed in
/// its space (RFC 9000 §A.3); drop duplicates before decrypting (RFC 9000 §12.3); pick 1-RTT
/// keys by Key Phase before decrypting (RFC 9001 §6.5), since a failed open leaves the buffer
/// unusable; open (failures count toward the integrity limit, RFC 9001 §6.6); only then check
/// the reserved bits (RFC 9000 §17.2, §17.3.1; checking before authentication would be an
/// oracle, RFC 9001 §9.5); parse frames; and only once every frame was processed record the
/// packet for acknowledgment (RFC 9000 §13.1). Decryption happens in place in the caller's
/// datagram. Bad frames surface as <see cref="QuicProtocolException"/>; packets that fail
/// authentication are dropped and counted, never thrown.
/// </remarks>
public sealed partial class PacketReceiver : IDisposable
{
    private const int LevelCount = 4;

    /// <summary>Smaller datagrams cannot be a Stateless Reset (RFC 9000 §10.3).</summary>
    private const int MinStatelessResetLength = 21;

    private readonly bool _isServer;
    private readonly uint _version;
    private readonly int _localConnectionIdLength;
    private readonly ConnectionId? _originalDestinationConnectionId;
    private readonly int _ackDelayExponent;
    private readonly AckTracker[] _ackTrackers = new AckTracker[PacketNumberSpaceExtensions.Count];
    private readonly long[] _largestProcessed = [-1, -1, -1];
    private readonly PacketStash _stash;
    private bool _anyPacketProcessed;
    private bool _disposed;

    public PacketReceiver(PacketReceiverOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _isServer = options.IsServer;
        _version = options.Version;
        _localConnectionIdLength = options.LocalConnectionIdLength;
        _originalDestinationConnectionId = options.OriginalDestinationConnectionId;
        _integrityLimitOverride = options.IntegrityLimit;
        _ackDelayExponent = options.AckDelayExponent;
        PreviousKeyRetention = options.PreviousKeyRetention;
        _stash = new PacketStash(options.MaxStashedPacketsPerLevel, options.MaxStashedBytes);
        for (int i = 0; i < _ackTrackers.Length; i++)
            _ackTrackers[i] = new AckTracker((PacketNumberSpace)i, options.MaxAckDelay, maxRanges: options.MaxAckRanges);
    }

    public bool IsServer => _isServer;

    /// <summary>The largest packet number processed in <paramref name="space"/>, or -1 (RFC 9000 §A.3).</summary>
    public long GetLargestProcessed(PacketNumberSpace space) => _largestProcessed[(int)space];

    /// <summary>
    /// Processes one received UDP datagram: every coalesced packet in it (RFC 9000 §12.2),
    /// decrypting in place. Frames go to <paramref name="handler"/>; their memory is the
    /// datagram's, valid until this call returns.
    /// </summary>
    /// <param name="congestionExperienced">The datagram carried ECN-CE (RFC 9000 §13.2.1: acknowledge at once).</param>
    /// <exception cref="QuicProtocolException">
    /// A frame error (FRAME_ENCODING_ERROR, PROTOCOL_VIOLATION, ... from the parser or the
    /// handler), reserved bits set in an authenticated packet (PROTOCOL_VIOLATION), a key update
    /// ordering violation (KEY_UPDATE_ERROR), or too many authentication failures
    /// (AEAD_LIMIT_REACHED). The connection must close.
    /// </exception>
    public DatagramReceiveResult Receive<THandler>(Memory<byte> datagram, TimeSpan now, ref THandler handler, bool congestionExperienced = false)
        where THandler : struct, IPacketHandler
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new DatagramReceiveResult { DatagramLength = datagram.Length };
        // Captured first: decryption happens in place (RFC 9000 §10.3.1 compares these bytes).
        if (datagram.Length >= MinStatelessResetLength)
            result.TrailingToken = new StatelessResetToken(datagram.Span[^StatelessResetToken.Length..]);
        DiscardExpiredKeys(now);
        _traceNow = now;

        if (_aeadLimitReached)
        {
            // RFC 9001 §6.6: "not process any more packets".
            result.DroppedNoKeys = 1;
            TraceDrop(PacketType.Unknown, null, datagram.Length, QlogDropTrigger.KeyUnavailable);
            return result;
        }

        var splitter = new DatagramSplitter(datagram, _localConnectionIdLength);
        while (splitter.MoveNext())
        {
            PacketHeader header = splitter.Current;
            Memory<byte> packet = datagram.Slice(splitter.Offset - header.PacketLength, header.PacketLength);
            HandlePacket(packet, in header, now, now, congestionExperienced, ref handler, ref result);
        }
        result.DroppedMalformed += splitter.SkippedPackets + (splitter.DroppedRemainder ? 1 : 0);
        if (Qlog is not null) TraceUndelimited(splitter.SkippedPackets + (splitter.DroppedRemainder ? 1 : 0));

        // RFC 9000 §10.3.1: the token check is required when the first packet cannot be decrypted
        // (or associated); with nothing processed at all, that holds for whatever came first.
        bool anythingUsed = result.PacketsProcessed > 0 || result.VersionNegotiation is not null || result.Retry is not null;
        result.IsStatelessResetCandidate = !anythingUsed && datagram.Length >= MinStatelessResetLength;
        return result;
    }

    private void HandlePacket<THandler>(
        Memory<byte> packet, in PacketHeader header, TimeSpan receivedAt, TimeSpan now, bool congestionExperienced,
        ref THandler handler, ref DatagramReceiveResult result)
        where THandler : struct, IPacketHandler
    {
        switch (header.Type)
        {
            case PacketType.VersionNegotiation:
                HandleVersionNegotiation(in header, ref result);
                return;
            case PacketType.Retry:
                HandleRetry(in header, ref result);
                return;
            case PacketType.Unknown:
                result.DroppedMalformed++;
                TraceDrop(in header, QlogDropTrigger.HeaderParseError);
                return;
        }
        if (!header.TryGetEncryptionLevel(out EncryptionLevel level))
        {
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.HeaderParseError);
            return;
        }

        switch (GetLevelState(level))
        {
            case LevelState.Unusable:
                result.DroppedNoKeys++;
                TraceDrop(in header, QlogDropTrigger.KeyUnavailable);
                return;
            case LevelState.Pending:
                if (_stash.TryAdd(level, packet.Span, receivedAt, congestionExperienced))
                {
                    result.PacketsStashed++;
                    Qlog?.PacketBuffered(_traceNow, header.Type, header.PacketLength);
                }
                else
                {
                    result.DroppedStashFull++;
                    StashOverflows++;
                    TraceDrop(in header, QlogDropTrigger.DosPrevention);
                }
                return;
        }

        // RFC 9000 §17.2.2: a server's Initial has an empty token; a client MAY discard otherwise.
        if (!_isServer && level == EncryptionLevel.Initial && !header.Token.IsEmpty)
        {
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.InvalidInitial);
            return;
        }
        ProcessProtected(packet, in header, level, receivedAt, now, congestionExperienced, ref handler, ref result);
    }

    private void ProcessProtected<THandler>(
        Memory<byte> packet, in PacketHeader header, EncryptionLevel level, TimeSpan receivedAt, TimeSpan now,
        bool congestionExperienced, ref THandler handler, ref DatagramReceiveResult result)
        where THandler : struct, IPacketHandler
    {
        Span<byte> bytes = packet.Span;
        int pnOffset = header.PacketNumberOffset;
        int space = (int)level.ToPacketNumberSpace();
        PacketProtection headerKeys = level == EncryptionLevel.OneRtt ? _oneRtt!.HeaderProtection : _keys[(int)level]!;

        // A long header of the other supported version cannot belong to this connection's keys.
        if (header.IsLongHeader && header.Version != headerKeys.Version)
        {
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.UnexpectedVersion);
            return;
        }
        if (!headerKeys.TryRemoveHeaderProtection(bytes, pnOffset, _largestProcessed[space], out ulong pn, out int pnLength)
            || pn > PacketNumberEncoding.MaxPacketNumber)
        {
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.HeaderParseError);
            return;
        }

        // RFC 9000 §12.3: a duplicate is discarded; checked before decrypting to save the work,
        // but the number is only recorded once the packet has been fully processed.
        AckTracker tracker = _ackTrackers[space];
        if (tracker.IsDuplicate(pn))
        {
            result.DroppedDuplicate++;
            TraceDrop(header.Type, pn, header.PacketLength, QlogDropTrigger.Duplicate);
            return;
        }

        PacketProtection packetKeys = headerKeys;
        var choice = OneRttReadKeys.KeyChoice.Current;
        if (level == EncryptionLevel.OneRtt)
        {
            // RFC 9001 §6.3, §6.5: decide the generation before opening.
            choice = _oneRtt!.Select(HeaderBits.GetKeyPhase(bytes[0]), pn);
            packetKeys = _oneRtt.Get(choice);
        }
        if (!packetKeys.TryOpen(bytes, pnOffset, pnLength, pn, out Range payload))
        {
            result.DroppedUndecryptable++;
            TraceDrop(header.Type, pn, header.PacketLength, QlogDropTrigger.PayloadDecryptError);
            OnAuthenticationFailure();
            return;
        }

        // RFC 9000 §17.2, §17.3.1: non-zero reserved bits after removing both protections.
        HeaderBits.EnsureReservedBitsZero(bytes[0]);

        ulong generation = 0;
        bool spin = false;
        if (level == EncryptionLevel.OneRtt)
        {
            if (_oneRtt!.OnOpened(choice, pn, now, PreviousKeyRetention))
                result.PeerKeyUpdate = new PeerKeyUpdateDetected(_oneRtt.Generation, _oneRtt.CurrentKeyPhase, pn);
            generation = choice == OneRttReadKeys.KeyChoice.Previous ? _oneRtt.Generation - 1 : _oneRtt.Generation;
            spin = HeaderBits.GetSpinBit(bytes[0]);
        }
        if ((long)pn > _largestProcessed[space])
            _largestProcessed[space] = (long)pn;
        _anyPacketProcessed = true;

        var info = new ReceivedPacket(level, header.Type, pn, packet.Length, receivedAt,
            header.DestinationConnectionId, header.SourceConnectionId, generation, spin);
        handler.OnPacketStart(in info);
        bool ackEliciting = FrameParser.Parse(packet[payload], header.Type, ref handler, out bool probingOnly);
        handler.OnPacketEnd(in info, ackEliciting, probingOnly);

        // RFC 9000 §13.1: acknowledged only after all its frames were processed.
        tracker.OnPacketReceived(pn, ackEliciting, receivedAt, congestionExperienced);
        result.PacketsProcessed++;
        result.ProcessedLevels |= (EncryptionLevels)(1 << (int)level);
        result.AckElicitingReceived |= ackEliciting;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (int i = 0; i < _keys.Length; i++)
        {
            _keys[i]?.Dispose();
            _keys[i] = null;
        }
        _oneRtt?.Dispose();
        _oneRtt = null;
    }
}
