using System.Net;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.Transport;

/// <summary>CsCheck generators for transport parameters, shared by the property tests.</summary>
internal static class TransportParameterGens
{
    /// <summary>Varints spread over all four encoded lengths, not just the 8-byte range.</summary>
    public static Gen<ulong> Varint(ulong max = QuicVarint.MaxValue) =>
        Gen.Int[0, 3].SelectMany(k => Gen.ULong[0, Math.Min(max, k switch
        {
            0 => 63UL,
            1 => 16383UL,
            2 => 1073741823UL,
            _ => QuicVarint.MaxValue,
        })]);

    public static readonly Gen<ConnectionId> ConnectionIdGen =
        Gen.Byte.Array[0, ConnectionId.MaxLength].Select(bytes => new ConnectionId(bytes));

    public static readonly Gen<StatelessResetToken> TokenGen =
        Gen.Byte.Array[StatelessResetToken.Length].Select(bytes => new StatelessResetToken(bytes));

    public static readonly Gen<PreferredAddress> PreferredAddressGen = Gen.Select(
        Gen.Byte.Array[4], Gen.UShort, Gen.Byte.Array[16], Gen.UShort,
        Gen.Byte.Array[1, ConnectionId.MaxLength], TokenGen,
        (v4, p4, v6, p6, cid, token) => new PreferredAddress(
            new IPEndPoint(new IPAddress(v4), p4),
            new IPEndPoint(new IPAddress(v6), p6),
            new ConnectionId(cid),
            token));

    public static readonly Gen<VersionInformation> VersionInformationGen = Gen.Select(
        Gen.UInt[1, uint.MaxValue], Gen.UInt[1, uint.MaxValue].Array[0, 8],
        (chosen, available) => new VersionInformation(chosen, available));

    private static readonly Gen<(ulong, ulong, ulong, ulong, ulong, ulong, ulong, ulong)> Integers = Gen.Select(
        Varint(), Varint(), Varint(), Varint(), Varint(),
        Varint(TransportParameters.MaxStreamsLimit), Varint(TransportParameters.MaxStreamsLimit),
        Gen.ULong[TransportParameters.MinActiveConnectionIdLimit, QuicVarint.MaxValue]);

    private static readonly Gen<(ulong, int, int, bool, bool, ulong?, VersionInformation?)> Others = Gen.Select(
        Gen.ULong[TransportParameters.MinMaxUdpPayloadSize, QuicVarint.MaxValue],
        Gen.Int[0, TransportParameters.MaxAckDelayExponent],
        Gen.Int[0, TransportParameters.MaxAckDelayUpperBoundMs],
        Gen.Bool, Gen.Bool,
        Varint().Nullable(0.3),
        VersionInformationGen.Null(0.5));

    private static readonly Gen<(ConnectionId?, ConnectionId?, ConnectionId?, StatelessResetToken?, PreferredAddress?)> Identities = Gen.Select(
        ConnectionIdGen.Nullable(0.2), ConnectionIdGen.Nullable(0.2), ConnectionIdGen.Nullable(0.5),
        TokenGen.Nullable(0.5), PreferredAddressGen.Null(0.5));

    /// <summary>Valid parameter sets for <paramref name="sender"/>: server-only ones only from a server.</summary>
    public static Gen<TransportParameters> Parameters(TransportParameterSender sender) =>
        Gen.Select(Integers, Others, Identities, (ints, others, ids) =>
        {
            var (idle, data, bidiLocal, bidiRemote, uni, streamsBidi, streamsUni, cidLimit) = ints;
            var (udp, ackExponent, ackDelay, noMigration, greaseBit, datagram, versions) = others;
            var (odcid, iscid, rscid, token, preferred) = ids;
            bool server = sender == TransportParameterSender.Server;
            return new TransportParameters
            {
                OriginalDestinationConnectionId = server ? odcid : null,
                MaxIdleTimeoutMs = idle,
                StatelessResetToken = server ? token : null,
                MaxUdpPayloadSize = udp,
                InitialMaxData = data,
                InitialMaxStreamDataBidiLocal = bidiLocal,
                InitialMaxStreamDataBidiRemote = bidiRemote,
                InitialMaxStreamDataUni = uni,
                InitialMaxStreamsBidi = streamsBidi,
                InitialMaxStreamsUni = streamsUni,
                AckDelayExponent = ackExponent,
                MaxAckDelayMs = ackDelay,
                DisableActiveMigration = noMigration,
                PreferredAddress = server ? preferred : null,
                ActiveConnectionIdLimit = cidLimit,
                InitialSourceConnectionId = iscid,
                RetrySourceConnectionId = server ? rscid : null,
                MaxDatagramFrameSize = datagram,
                VersionInformation = versions,
                GreaseQuicBit = greaseBit,
            };
        });
}
