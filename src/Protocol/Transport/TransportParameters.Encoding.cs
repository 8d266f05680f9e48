using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

// Encoding (RFC 9000 §18): a sequence of (id varint, length varint, value) tuples. Integer
// parameters equal to their default are left out, since absence means the default (§18.2).
// GetEncodedLength and Encode walk the parameters in the same order; keep them in step.
public sealed partial record TransportParameters
{
    /// <summary>Bytes <see cref="Encode(ref QuicWriter, ReservedTransportParameter?)"/> writes.</summary>
    public int GetEncodedLength(ReservedTransportParameter? grease = null)
    {
        int length = grease?.GetEncodedLength() ?? 0;
        if (OriginalDestinationConnectionId is { } odcid) length += BytesLength(TransportParameterId.OriginalDestinationConnectionId, odcid.Length);
        length += VarintLength(TransportParameterId.MaxIdleTimeout, MaxIdleTimeoutMs, 0);
        if (StatelessResetToken is not null) length += BytesLength(TransportParameterId.StatelessResetToken, Wire.StatelessResetToken.Length);
        length += VarintLength(TransportParameterId.MaxUdpPayloadSize, MaxUdpPayloadSize, DefaultMaxUdpPayloadSize);
        length += VarintLength(TransportParameterId.InitialMaxData, InitialMaxData, 0);
        length += VarintLength(TransportParameterId.InitialMaxStreamDataBidiLocal, InitialMaxStreamDataBidiLocal, 0);
        length += VarintLength(TransportParameterId.InitialMaxStreamDataBidiRemote, InitialMaxStreamDataBidiRemote, 0);
        length += VarintLength(TransportParameterId.InitialMaxStreamDataUni, InitialMaxStreamDataUni, 0);
        length += VarintLength(TransportParameterId.InitialMaxStreamsBidi, InitialMaxStreamsBidi, 0);
        length += VarintLength(TransportParameterId.InitialMaxStreamsUni, InitialMaxStreamsUni, 0);
        length += VarintLength(TransportParameterId.AckDelayExponent, (ulong)AckDelayExponent, DefaultAckDelayExponent);
        length += VarintLength(TransportParameterId.MaxAckDelay, (ulong)MaxAckDelayMs, DefaultMaxAckDelayMs);
        if (DisableActiveMigration) length += BytesLength(TransportParameterId.DisableActiveMigration, 0);
        if (PreferredAddress is { } preferred) length += BytesLength(TransportParameterId.PreferredAddress, preferred.GetEncodedLength());
        length += VarintLength(TransportParameterId.ActiveConnectionIdLimit, ActiveConnectionIdLimit, MinActiveConnectionIdLimit);
        if (InitialSourceConnectionId is { } iscid) length += BytesLength(TransportParameterId.InitialSourceConnectionId, iscid.Length);
        if (RetrySourceConnectionId is { } rscid) length += BytesLength(TransportParameterId.RetrySourceConnectionId, rscid.Length);
        if (VersionInformation is { } versions) length += BytesLength(TransportParameterId.VersionInformation, versions.GetEncodedLength());
        if (MaxDatagramFrameSize is { } maxDatagram) length += VarintLength(TransportParameterId.MaxDatagramFrameSize, maxDatagram, null);
        if (GreaseQuicBit) length += BytesLength(TransportParameterId.GreaseQuicBit, 0);
        return length;
    }

    /// <summary>
    /// Writes the parameters; with <paramref name="grease"/>, a reserved parameter goes first
    /// so a peer that stops at unknown identifiers fails visibly (RFC 9000 §18.1).
    /// </summary>
    public void Encode(ref QuicWriter writer, ReservedTransportParameter? grease = null)
    {
        grease?.Encode(ref writer);
        if (OriginalDestinationConnectionId is { } odcid) WriteBytes(ref writer, TransportParameterId.OriginalDestinationConnectionId, odcid.Span);
        WriteVarint(ref writer, TransportParameterId.MaxIdleTimeout, MaxIdleTimeoutMs, 0);
        if (StatelessResetToken is { } token) WriteBytes(ref writer, TransportParameterId.StatelessResetToken, token.Span);
        WriteVarint(ref writer, TransportParameterId.MaxUdpPayloadSize, MaxUdpPayloadSize, DefaultMaxUdpPayloadSize);
        WriteVarint(ref writer, TransportParameterId.InitialMaxData, InitialMaxData, 0);
        WriteVarint(ref writer, TransportParameterId.InitialMaxStreamDataBidiLocal, InitialMaxStreamDataBidiLocal, 0);
        WriteVarint(ref writer, TransportParameterId.InitialMaxStreamDataBidiRemote, InitialMaxStreamDataBidiRemote, 0);
        WriteVarint(ref writer, TransportParameterId.InitialMaxStreamDataUni, InitialMaxStreamDataUni, 0);
        WriteVarint(ref writer, TransportParameterId.InitialMaxStreamsBidi, InitialMaxStreamsBidi, 0);
        WriteVarint(ref writer, TransportParameterId.InitialMaxStreamsUni, InitialMaxStreamsUni, 0);
        WriteVarint(ref writer, TransportParameterId.AckDelayExponent, (ulong)AckDelayExponent, DefaultAckDelayExponent);
        WriteVarint(ref writer, TransportParameterId.MaxAckDelay, (ulong)MaxAckDelayMs, DefaultMaxAckDelayMs);
        if (DisableActiveMigration) WriteBytes(ref writer, TransportParameterId.DisableActiveMigration, []);
        if (PreferredAddress is { } preferred)
        {
            WriteHeader(ref writer, TransportParameterId.PreferredAddress, preferred.GetEncodedLength());
            preferred.Encode(ref writer);
        }
        WriteVarint(ref writer, TransportParameterId.ActiveConnectionIdLimit, ActiveConnectionIdLimit, MinActiveConnectionIdLimit);
        if (InitialSourceConnectionId is { } iscid) WriteBytes(ref writer, TransportParameterId.InitialSourceConnectionId, iscid.Span);
        if (RetrySourceConnectionId is { } rscid) WriteBytes(ref writer, TransportParameterId.RetrySourceConnectionId, rscid.Span);
        if (VersionInformation is { } versions)
        {
            WriteHeader(ref writer, TransportParameterId.VersionInformation, versions.GetEncodedLength());
            versions.Encode(ref writer);
        }
        if (MaxDatagramFrameSize is { } maxDatagram) WriteVarint(ref writer, TransportParameterId.MaxDatagramFrameSize, maxDatagram, null);
        if (GreaseQuicBit) WriteBytes(ref writer, TransportParameterId.GreaseQuicBit, []);
    }

    /// <summary>Encodes into <paramref name="destination"/>; returns the bytes written.</summary>
    public int Encode(Span<byte> destination, ReservedTransportParameter? grease = null)
    {
        var writer = new QuicWriter(destination);
        Encode(ref writer, grease);
        return writer.Position;
    }

    public byte[] ToArray(ReservedTransportParameter? grease = null)
    {
        var bytes = new byte[GetEncodedLength(grease)];
        Encode(bytes, grease);
        return bytes;
    }

    private static int HeaderLength(TransportParameterId id, int valueLength) =>
        QuicVarint.GetLength((ulong)id) + QuicVarint.GetLength((ulong)valueLength);

    private static int BytesLength(TransportParameterId id, int valueLength) => HeaderLength(id, valueLength) + valueLength;

    private static int VarintLength(TransportParameterId id, ulong value, ulong? defaultValue) =>
        value == defaultValue ? 0 : BytesLength(id, QuicVarint.GetLength(value));

    private static void WriteHeader(ref QuicWriter writer, TransportParameterId id, int valueLength)
    {
        writer.WriteVarint((ulong)id);
        writer.WriteVarint((ulong)valueLength);
    }

    private static void WriteBytes(ref QuicWriter writer, TransportParameterId id, scoped ReadOnlySpan<byte> value)
    {
        WriteHeader(ref writer, id, value.Length);
        writer.WriteBytes(value);
    }

    private static void WriteVarint(ref QuicWriter writer, TransportParameterId id, ulong value, ulong? defaultValue)
    {
        if (value == defaultValue) return;
        int length = QuicVarint.GetLength(value);
        WriteHeader(ref writer, id, length);
        writer.WriteVarint(value, length);
    }
}
