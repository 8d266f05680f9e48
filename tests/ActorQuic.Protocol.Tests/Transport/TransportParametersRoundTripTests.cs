using System.Net;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using CsCheck;
using static ActorQuic.Protocol.Tests.Transport.TransportParameterBytes;

namespace ActorQuic.Protocol.Tests.Transport;

public class TransportParametersRoundTripTests
{
    private const string Seed = "0N0XIzNsQ0O2";

    [Theory]
    [InlineData(TransportParameterSender.Client)]
    [InlineData(TransportParameterSender.Server)]
    public void Random_parameter_sets_round_trip(TransportParameterSender sender)
    {
        TransportParameterGens.Parameters(sender).Sample(parameters =>
        {
            byte[] encoded = parameters.ToArray();
            Assert.Equal(parameters.GetEncodedLength(), encoded.Length);
            Assert.Equal(parameters, TransportParameters.Decode(encoded, sender));
        }, seed: Seed, iter: 2000, threads: 1);
    }

    [Theory]
    [InlineData(TransportParameterSender.Client)]
    [InlineData(TransportParameterSender.Server)]
    public void Random_parameter_sets_round_trip_with_a_greased_parameter(TransportParameterSender sender)
    {
        TransportParameterGens.Parameters(sender).Select(Gen.Int).Sample((parameters, greaseSeed) =>
        {
            var grease = ReservedTransportParameter.Create(new Random(greaseSeed));
            var buffer = new byte[parameters.GetEncodedLength(grease)];
            var writer = new QuicWriter(buffer);
            parameters.Encode(ref writer, grease);
            Assert.Equal(buffer.Length, writer.Position);
            Assert.Equal(parameters, TransportParameters.Decode(buffer, sender));
        }, seed: Seed, iter: 1000, threads: 1);
    }

    [Fact]
    public void Defaults_encode_to_nothing_and_decode_from_nothing()
    {
        var defaults = new TransportParameters();
        Assert.Equal(0, defaults.GetEncodedLength());
        var decoded = TransportParameters.Decode([], TransportParameterSender.Client);
        Assert.Equal(defaults, decoded);
        Assert.Equal(0UL, decoded.MaxIdleTimeoutMs);
        Assert.Equal(65527UL, decoded.MaxUdpPayloadSize);
        Assert.Equal(3, decoded.AckDelayExponent);
        Assert.Equal(25, decoded.MaxAckDelayMs);
        Assert.Equal(2UL, decoded.ActiveConnectionIdLimit);
        Assert.Null(decoded.InitialSourceConnectionId);
        Assert.Null(decoded.MaxDatagramFrameSize);
        Assert.Null(decoded.VersionInformation);
        Assert.False(decoded.DisableActiveMigration);
        Assert.False(decoded.GreaseQuicBit);
    }

    [Fact]
    public void Decodes_a_hand_built_server_encoding()
    {
        byte[] data = Concat(
            Param(0x00, 0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08),
            IntParam(0x01, 30_000),
            Param(0x02, Filled(16, 0x11)),
            IntParam(0x04, 1 << 20),
            IntParam(0x08, 100),
            IntParam(0x0a, 20),
            IntParam(0x0b, 16383),
            Param(0x0c),
            IntParam(0x0e, 8),
            Param(0x0f),
            Param(0x10, 0x01, 0x02),
            Param(0x11, 0x00, 0x00, 0x00, 0x01, 0x6b, 0x33, 0x43, 0xcf, 0x00, 0x00, 0x00, 0x01),
            IntParam(0x20, 65535),
            Param(0x2ab2));

        var p = TransportParameters.Decode(data, TransportParameterSender.Server);

        Assert.Equal(ConnectionId.FromHex("8394c8f03e515708"), p.OriginalDestinationConnectionId);
        Assert.Equal(30_000UL, p.MaxIdleTimeoutMs);
        Assert.Equal(new StatelessResetToken(Filled(16, 0x11)), p.StatelessResetToken);
        Assert.Equal(1UL << 20, p.InitialMaxData);
        Assert.Equal(100UL, p.InitialMaxStreamsBidi);
        Assert.Equal(20, p.AckDelayExponent);
        Assert.Equal(16383, p.MaxAckDelayMs);
        Assert.True(p.DisableActiveMigration);
        Assert.Equal(8UL, p.ActiveConnectionIdLimit);
        // RFC 9000 §7.3: a zero-length CID is sent as a zero-length value, distinct from absence.
        Assert.Equal(ConnectionId.Empty, p.InitialSourceConnectionId);
        Assert.Equal(ConnectionId.FromHex("0102"), p.RetrySourceConnectionId);
        Assert.Equal(QuicVersion.V1, p.VersionInformation!.ChosenVersion);
        Assert.Equal([QuicVersion.V2, QuicVersion.V1], p.VersionInformation.AvailableVersions.ToArray());
        Assert.Equal(65535UL, p.MaxDatagramFrameSize);
        Assert.True(p.GreaseQuicBit);
    }

    [Fact]
    public void Preferred_address_fields_survive_the_round_trip()
    {
        var preferred = new PreferredAddress(
            IPEndPoint.Parse("192.0.2.7:4433"),
            IPEndPoint.Parse("[2001:db8::1]:4434"),
            ConnectionId.FromHex("0a0b0c0d"),
            new StatelessResetToken(Filled(16, 0x5a)));
        var p = new TransportParameters { PreferredAddress = preferred };

        var decoded = TransportParameters.Decode(p.ToArray(), TransportParameterSender.Server).PreferredAddress!;

        Assert.Equal(IPEndPoint.Parse("192.0.2.7:4433"), decoded.IPv4);
        Assert.Equal(IPEndPoint.Parse("[2001:db8::1]:4434"), decoded.IPv6);
        Assert.Equal(ConnectionId.FromHex("0a0b0c0d"), decoded.ConnectionId);
        Assert.Equal(new StatelessResetToken(Filled(16, 0x5a)), decoded.StatelessResetToken);
        Assert.True(decoded.HasIPv4 && decoded.HasIPv6);
    }

    [Fact]
    public void An_all_zero_family_means_not_offered()
    {
        var preferred = new PreferredAddress(
            new IPEndPoint(IPAddress.Any, 0), IPEndPoint.Parse("[2001:db8::1]:443"),
            ConnectionId.FromHex("01"), default);
        Assert.False(preferred.HasIPv4);
        Assert.True(preferred.HasIPv6);
    }

    [Fact]
    public void Integer_parameters_accept_non_minimal_varints()
    {
        // RFC 9000 §16: any of the four lengths is a valid encoding of a small value.
        byte[] data = Concat(IntParam(0x01, 5, length: 8), IntParam(0x03, 1200, length: 4));
        var p = TransportParameters.Decode(data, TransportParameterSender.Client);
        Assert.Equal(5UL, p.MaxIdleTimeoutMs);
        Assert.Equal(1200UL, p.MaxUdpPayloadSize);
    }

    [Fact]
    public void Explicit_default_values_decode_like_absent_ones()
    {
        byte[] data = Concat(IntParam(0x03, 65527), IntParam(0x0a, 3), IntParam(0x0b, 25), IntParam(0x0e, 2));
        Assert.Equal(new TransportParameters(), TransportParameters.Decode(data, TransportParameterSender.Client));
    }

    [Fact]
    public void Zero_max_datagram_frame_size_stays_distinct_from_absent()
    {
        var p = TransportParameters.Decode(IntParam(0x20, 0), TransportParameterSender.Client);
        Assert.Equal(0UL, p.MaxDatagramFrameSize);
        Assert.Equal(p, TransportParameters.Decode(p.ToArray(), TransportParameterSender.Client));
    }

    [Fact]
    public void Reserved_identifiers_have_the_31N_plus_27_form()
    {
        Assert.True(ReservedTransportParameter.IsReserved(27));
        Assert.True(ReservedTransportParameter.IsReserved(58));
        Assert.True(ReservedTransportParameter.IsReserved(31 * ReservedTransportParameter.MaxN + 27));
        Assert.False(ReservedTransportParameter.IsReserved(26));
        Assert.False(ReservedTransportParameter.IsReserved(0x20));
        Assert.Equal(31UL * 1000 + 27, new ReservedTransportParameter(1000, new byte[3]).Id);
        var random = new Random(1234);
        for (int i = 0; i < 1000; i++)
            Assert.True(ReservedTransportParameter.IsReserved(ReservedTransportParameter.Create(random).Id));
    }

    [Fact]
    public void Out_of_range_values_cannot_be_constructed()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { MaxUdpPayloadSize = 1199 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { AckDelayExponent = 21 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { MaxAckDelayMs = 1 << 14 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { ActiveConnectionIdLimit = 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { InitialMaxStreamsBidi = (1UL << 60) + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TransportParameters { InitialMaxData = QuicVarint.MaxValue + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VersionInformation(0, []));
        Assert.Throws<ArgumentException>(() => new PreferredAddress(
            IPEndPoint.Parse("192.0.2.1:1"), IPEndPoint.Parse("[::1]:1"), ConnectionId.Empty, default));
    }
}
