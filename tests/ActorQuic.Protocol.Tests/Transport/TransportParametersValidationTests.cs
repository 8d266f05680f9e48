using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;
using static ActorQuic.Protocol.Tests.Transport.TransportParameterBytes;

namespace ActorQuic.Protocol.Tests.Transport;

public class TransportParametersValidationTests
{
    private static void AssertRejected(byte[] data, TransportParameterSender sender = TransportParameterSender.Server)
    {
        var error = Assert.Throws<QuicProtocolException>(() => TransportParameters.Decode(data, sender));
        Assert.Equal(TransportErrorCode.TransportParameterError, error.ErrorCode);
    }

    private static TransportParameters Accepted(byte[] data, TransportParameterSender sender = TransportParameterSender.Server) =>
        TransportParameters.Decode(data, sender);

    public static TheoryData<string> TruncatedEncodings => new()
    {
        "40",               // identifier varint cut short
        "01",               // no length
        "0180",             // length varint cut short
        "0102",             // value missing
        "01020a",           // value one byte short
        "0f14" + new string('a', 38), // 20-byte CID with 19 bytes present
        "c0",               // 8-byte identifier varint with one byte
        "01c0ffffffffffffff", // length 2^62-1 with no data: must not overflow
    };

    [Theory]
    [MemberData(nameof(TruncatedEncodings))]
    public void Truncated_encodings_are_rejected(string hex) => AssertRejected(Convert.FromHexString(hex));

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x03)]
    [InlineData(0x04)]
    [InlineData(0x05)]
    [InlineData(0x06)]
    [InlineData(0x07)]
    [InlineData(0x08)]
    [InlineData(0x09)]
    [InlineData(0x0a)]
    [InlineData(0x0b)]
    [InlineData(0x0e)]
    [InlineData(0x20)]
    public void Integer_parameters_must_be_exactly_one_varint(ulong id)
    {
        ulong valid = id == 0x03 ? 1500UL : 2UL;
        Assert.NotNull(Accepted(IntParam(id, valid)));
        AssertRejected(Param(id));                                  // empty value
        AssertRejected(Param(id, [.. Varint(valid), 0x00]));        // trailing byte
        AssertRejected(Param(id, 0x40));                            // 2-byte varint in a 1-byte value
        AssertRejected(Param(id, 0x80, 0x00, 0x00));                // 4-byte varint in a 3-byte value
    }

    [Fact]
    public void Duplicate_known_parameters_are_rejected()
    {
        AssertRejected(Concat(IntParam(0x04, 1), IntParam(0x04, 1)));
        AssertRejected(Concat(Param(0x0f), IntParam(0x01, 9), Param(0x0f, 0x01)));
        AssertRejected(Concat(Param(0x2ab2), Param(0x2ab2)));
    }

    [Fact]
    public void Duplicate_unknown_parameters_are_rejected()
    {
        // RFC 9000 §7.4: "MUST NOT send a parameter more than once" covers every identifier.
        AssertRejected(Concat(Param(0x1b, 0x01), Param(0x1b, 0x02)));
        AssertRejected(Concat(Param(0x7777, 0x01), IntParam(0x01, 1), Param(0x7777)));
    }

    [Theory]
    [InlineData(0x00, 8)]
    [InlineData(0x02, 16)]
    [InlineData(0x10, 4)]
    public void Server_only_parameters_from_a_client_are_rejected(ulong id, int length)
    {
        byte[] data = Param(id, Filled(length));
        Assert.NotNull(Accepted(data, TransportParameterSender.Server));
        AssertRejected(data, TransportParameterSender.Client);
    }

    [Fact]
    public void Preferred_address_from_a_client_is_rejected()
    {
        byte[] data = Param(0x0d, PreferredAddressValue(4));
        Assert.NotNull(Accepted(data, TransportParameterSender.Server).PreferredAddress);
        AssertRejected(data, TransportParameterSender.Client);
    }

    [Theory]
    [InlineData(0x03, 1199UL, 1200UL)]                       // max_udp_payload_size < 1200
    [InlineData(0x0a, 21UL, 20UL)]                           // ack_delay_exponent > 20
    [InlineData(0x0b, 16384UL, 16383UL)]                     // max_ack_delay >= 2^14
    [InlineData(0x0e, 1UL, 2UL)]                             // active_connection_id_limit < 2
    [InlineData(0x08, (1UL << 60) + 1, 1UL << 60)]           // initial_max_streams_bidi > 2^60
    [InlineData(0x09, (1UL << 60) + 1, 1UL << 60)]           // initial_max_streams_uni > 2^60
    public void Integer_bounds_are_enforced(ulong id, ulong invalid, ulong boundary)
    {
        Assert.NotNull(Accepted(IntParam(id, boundary), TransportParameterSender.Client));
        AssertRejected(IntParam(id, invalid), TransportParameterSender.Client);
    }

    [Fact]
    public void Extreme_values_of_bounded_parameters_are_rejected()
    {
        AssertRejected(IntParam(0x0e, 0));
        AssertRejected(IntParam(0x03, 0));
        AssertRejected(IntParam(0x0a, QuicVarint.MaxValue));
        AssertRejected(IntParam(0x0b, QuicVarint.MaxValue));
        AssertRejected(IntParam(0x08, QuicVarint.MaxValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(32)]
    public void Stateless_reset_token_must_be_16_bytes(int length) => AssertRejected(Param(0x02, Filled(length)));

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x0f)]
    [InlineData(0x10)]
    public void Connection_ids_longer_than_20_bytes_are_rejected(ulong id)
    {
        var p = Accepted(Param(id, Filled(20)));
        var cid = id switch
        {
            0x00 => p.OriginalDestinationConnectionId,
            0x0f => p.InitialSourceConnectionId,
            _ => p.RetrySourceConnectionId,
        };
        Assert.Equal(20, cid?.Length);
        AssertRejected(Param(id, Filled(21)));
        AssertRejected(Param(id, Filled(255)));
    }

    [Fact]
    public void Preferred_address_layout_is_checked()
    {
        Assert.NotNull(Accepted(Param(0x0d, PreferredAddressValue(20))).PreferredAddress);
        // RFC 9000 §18.2: a zero-length CID is forbidden here.
        AssertRejected(Param(0x0d, PreferredAddressValue(0)));
        AssertRejected(Param(0x0d, PreferredAddressValue(21)));
        byte[] valid = PreferredAddressValue(8);
        AssertRejected(Param(0x0d, valid[..^1]));                   // token one byte short
        AssertRejected(Param(0x0d, [.. valid, 0x00]));              // trailing byte
        AssertRejected(Param(0x0d, valid[..24]));                   // stops before the CID length
        AssertRejected(Param(0x0d));
        // A CID length pointing past the end of the value.
        byte[] overlong = (byte[])valid.Clone();
        overlong[24] = 20;
        AssertRejected(Param(0x0d, overlong));
    }

    [Theory]
    [InlineData(0x0c)]
    [InlineData(0x2ab2)]
    public void Flag_parameters_must_be_empty(ulong id)
    {
        Assert.NotNull(Accepted(Param(id)));
        AssertRejected(Param(id, 0x00));
        AssertRejected(Param(id, 0x01, 0x02));
    }

    [Theory]
    [InlineData("")]                        // no Chosen Version
    [InlineData("000000")]                  // not a multiple of 4
    [InlineData("0000000100")]              // 5 bytes
    [InlineData("00000001000000010000")]    // 10 bytes
    [InlineData("00000000")]                // Chosen Version 0
    [InlineData("0000000000000001")]        // Chosen Version 0 with an available version
    [InlineData("0000000100000000")]        // Available Version 0
    public void Malformed_version_information_is_rejected(string hex) =>
        AssertRejected(Param(0x11, Convert.FromHexString(hex)), TransportParameterSender.Client);

    [Fact]
    public void Version_information_with_only_a_chosen_version_is_accepted()
    {
        var info = Accepted(Param(0x11, 0x6b, 0x33, 0x43, 0xcf), TransportParameterSender.Client).VersionInformation!;
        Assert.Equal(QuicVersion.V2, info.ChosenVersion);
        Assert.Empty(info.AvailableVersions);
    }

    [Fact]
    public void Unknown_and_reserved_parameters_are_skipped()
    {
        byte[] known = Concat(IntParam(0x04, 1000), Param(0x0f, 0x01, 0x02));
        byte[] withExtras = Concat(
            Param(27, 0xde, 0xad),                          // reserved, N = 0
            IntParam(0x04, 1000),
            Param(31 * 1000 + 27, Filled(300)),             // reserved, long value
            Param(0x12, Filled(3)),                         // unassigned
            Param(0x0f, 0x01, 0x02),
            Param(0x3fff_ffff_ffff_ffff, 0x01),             // largest identifier
            Param(0xff73db, Filled(5)));                    // an extension we do not implement
        Assert.Equal(
            Accepted(known, TransportParameterSender.Client),
            Accepted(withExtras, TransportParameterSender.Client));
    }

    [Fact]
    public void A_greased_parameter_from_our_encoder_is_skipped_by_our_decoder()
    {
        var parameters = new TransportParameters { InitialMaxData = 42, InitialSourceConnectionId = ConnectionId.FromHex("01") };
        var grease = new ReservedTransportParameter(1, new byte[] { 1, 2, 3 }); // id 58: a 1-byte varint
        byte[] encoded = parameters.ToArray(grease);
        Assert.Equal(parameters.GetEncodedLength() + 1 + 1 + 3, encoded.Length);
        Assert.Equal(parameters, TransportParameters.Decode(encoded, TransportParameterSender.Client));
    }

    /// <summary>RFC 9000 figure 22 layout with a CID of <paramref name="cidLength"/> bytes.</summary>
    private static byte[] PreferredAddressValue(int cidLength) => Concat(
        [192, 0, 2, 1], [0x01, 0xbb],
        Filled(16, 0x20), [0x01, 0xbb],
        [(byte)cidLength], Filled(cidLength, 0xc1),
        Filled(16, 0x77));
}
