using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A throwing reader over a handshake message body, built on <see cref="QuicReader"/>. Any
/// shortfall or leftover is decode_error (RFC 9846 §6.2: "a message could not be decoded
/// because some field was out of the specified range or the length of the message was incorrect").
/// </summary>
internal ref struct TlsReader
{
    private QuicReader _reader;

    public TlsReader(ReadOnlySpan<byte> data) => _reader = new QuicReader(data);

    public readonly bool IsEnd => _reader.IsEnd;
    public readonly int Remaining => _reader.Remaining;
    public readonly int Position => _reader.Position;

    private static TlsAlertException Short(string what) =>
        new(AlertDescription.DecodeError, $"truncated {what}");

    public byte ReadByte(string what = "field") =>
        _reader.TryReadByte(out byte v) ? v : throw Short(what);

    public ushort ReadUInt16(string what = "field") =>
        _reader.TryReadUInt16(out ushort v) ? v : throw Short(what);

    public int ReadUInt24(string what = "field") =>
        _reader.TryReadUInt24(out uint v) ? (int)v : throw Short(what);

    public uint ReadUInt32(string what = "field") =>
        _reader.TryReadUInt32(out uint v) ? v : throw Short(what);

    public ReadOnlySpan<byte> ReadBytes(int length, string what = "field") =>
        _reader.TryReadSpan(length, out var v) ? v : throw Short(what);

    /// <summary>A vector with a 1-byte length, enforcing the spec's <c>&lt;min..max&gt;</c> bounds.</summary>
    public ReadOnlySpan<byte> ReadVector8(string what, int min = 0) => Check(ReadBytes(ReadByte(what), what), what, min, 255);

    public ReadOnlySpan<byte> ReadVector16(string what, int min = 0, int max = 65535) =>
        Check(ReadBytes(ReadUInt16(what), what), what, min, max);

    public ReadOnlySpan<byte> ReadVector24(string what, int min = 0) =>
        Check(ReadBytes(ReadUInt24(what), what), what, min, 0xffffff);

    private static ReadOnlySpan<byte> Check(ReadOnlySpan<byte> v, string what, int min, int max)
    {
        if (v.Length < min || v.Length > max)
            throw new TlsAlertException(AlertDescription.DecodeError, $"{what} length {v.Length} out of range");
        return v;
    }

    public readonly void ExpectEnd(string what)
    {
        if (!_reader.IsEnd) throw new TlsAlertException(AlertDescription.DecodeError, $"trailing bytes in {what}");
    }
}
