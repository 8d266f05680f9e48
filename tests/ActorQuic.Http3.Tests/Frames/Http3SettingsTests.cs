using ActorQuic.Http3.Frames;
using static ActorQuic.Http3.Tests.Frames.H3Wire;

namespace ActorQuic.Http3.Tests.Frames;

public class Http3SettingsTests
{
    private static byte[] Pair(ulong id, ulong value) => Concat(Varint(id), Varint(value));

    [Fact]
    public void Defaults_are_unlimited_field_sections_and_no_dynamic_table()
    {
        Assert.Null(Http3Settings.Default.MaxFieldSectionSize);
        Assert.Equal(0UL, Http3Settings.Default.QpackMaxTableCapacity);
        Assert.Equal(0UL, Http3Settings.Default.QpackBlockedStreams);
        Assert.Equal(Http3Settings.Default, Http3Settings.Decode([]));
    }

    [Fact]
    public void Default_settings_encode_as_an_empty_settings_frame()
    {
        var bytes = Encode(Http3Settings.Default.GetEncodedLength(), Http3Settings.Default.Encode);
        Assert.Equal(new byte[] { 0x04, 0x00 }, bytes);
    }

    [Fact]
    public void Known_settings_decode_in_any_order()
    {
        var settings = Http3Settings.Decode(Concat(Pair(0x07, 100), Pair(0x06, 16384), Pair(0x01, 4096)));
        Assert.Equal(16384UL, settings.MaxFieldSectionSize);
        Assert.Equal(4096UL, settings.QpackMaxTableCapacity);
        Assert.Equal(100UL, settings.QpackBlockedStreams);
    }

    [Fact]
    public void Our_settings_include_one_reserved_setting_which_decoding_ignores()
    {
        var ours = new Http3Settings { MaxFieldSectionSize = 65536 }.WithGrease(0x1234_5678_9abc);
        Assert.NotNull(ours.GreaseSetting);
        Assert.True(Http3Grease.IsReserved(ours.GreaseSetting!.Value.Id));

        var bytes = Encode(ours.GetEncodedLength(), ours.Encode);
        var decoded = Http3Settings.Decode(bytes.AsSpan(2)); // type 0x04 and a one-byte length
        Assert.Null(decoded.GreaseSetting);
        Assert.Equal(65536UL, decoded.MaxFieldSectionSize);
    }

    [Fact]
    public void Grease_setting_must_have_a_reserved_id()
    {
        Assert.Throws<ArgumentException>(() => new Http3Settings { GreaseSetting = (0x06, 1) });
    }

    [Fact]
    public void Reserved_and_unknown_settings_are_ignored()
    {
        var settings = Http3Settings.Decode(Concat(
            Pair(Http3Grease.GetReserved(0), 1), Pair(0x00, 5), Pair(0x08, 1), Pair(0x33, 1), Pair(0xabcdef, 99),
            Pair(Http3Grease.GetReserved(Http3Grease.MaxIndex), 7), Pair(0x06, 10)));
        Assert.Equal(10UL, settings.MaxFieldSectionSize);
    }

    [Theory]
    [InlineData(0x02)]
    [InlineData(0x03)]
    [InlineData(0x04)]
    [InlineData(0x05)]
    public void Http2_setting_ids_are_settings_errors(ulong id)
    {
        AssertH3Error(Http3ErrorCode.SettingsError, () => Http3Settings.Decode(Concat(Pair(0x06, 1), Pair(id, 0))));
    }

    [Fact]
    public void Duplicate_known_setting_is_a_settings_error()
    {
        AssertH3Error(Http3ErrorCode.SettingsError, () => Http3Settings.Decode(Concat(Pair(0x01, 1), Pair(0x07, 1), Pair(0x01, 1))));
    }

    [Fact]
    public void Duplicate_unknown_setting_is_a_settings_error()
    {
        AssertH3Error(Http3ErrorCode.SettingsError, () => Http3Settings.Decode(Concat(Pair(0x1234, 1), Pair(0x1234, 2))));
    }

    [Fact]
    public void Duplicates_are_found_among_many_parameters()
    {
        // More parameters than the stack scratch space holds, all distinct, then one repeat.
        var pairs = Enumerable.Range(0, 500).Select(i => Pair(Http3Grease.GetReserved((ulong)i), 0)).ToList();
        Http3Settings.Decode(Concat(pairs.ToArray()));
        pairs.Add(Pair(Http3Grease.GetReserved(250), 1));
        AssertH3Error(Http3ErrorCode.SettingsError, () => Http3Settings.Decode(Concat(pairs.ToArray())));
    }

    [Fact]
    public void Truncated_parameter_is_a_frame_error()
    {
        AssertH3Error(Http3ErrorCode.FrameError, () => Http3Settings.Decode(Concat(Pair(0x06, 1), Varint(0x07))));
        AssertH3Error(Http3ErrorCode.FrameError, () => Http3Settings.Decode([0x06, 0x40]));
    }

    [Fact]
    public void Large_values_survive_a_round_trip()
    {
        var settings = new Http3Settings
        {
            MaxFieldSectionSize = Protocol.Wire.QuicVarint.MaxValue,
            QpackMaxTableCapacity = 1UL << 30,
            QpackBlockedStreams = 63,
        };
        var bytes = Encode(settings.GetEncodedLength(), settings.Encode);
        Assert.Equal(settings, Http3Settings.Decode(bytes.AsSpan(2)));
    }
}
