namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A growable big-endian writer for handshake messages. TLS nests length-prefixed vectors
/// (RFC 9846 §3.4), so lengths are reserved first and patched when the vector is closed.
/// Handshake messages are small and built rarely; simplicity beats pooling here.
/// </summary>
internal sealed class TlsBuffer
{
    private byte[] _data = new byte[256];
    private int _length;

    public int Length => _length;

    public ReadOnlySpan<byte> Span => _data.AsSpan(0, _length);

    public byte[] ToArray() => _data.AsSpan(0, _length).ToArray();

    private void Ensure(int extra)
    {
        if (_length + extra <= _data.Length) return;
        Array.Resize(ref _data, Math.Max(_data.Length * 2, _length + extra));
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _data[_length++] = value;
    }

    public void WriteUInt16(int value)
    {
        Ensure(2);
        _data[_length++] = (byte)(value >> 8);
        _data[_length++] = (byte)value;
    }

    public void WriteUInt24(int value)
    {
        Ensure(3);
        _data[_length++] = (byte)(value >> 16);
        _data[_length++] = (byte)(value >> 8);
        _data[_length++] = (byte)value;
    }

    public void WriteUInt32(uint value)
    {
        Ensure(4);
        _data[_length++] = (byte)(value >> 24);
        _data[_length++] = (byte)(value >> 16);
        _data[_length++] = (byte)(value >> 8);
        _data[_length++] = (byte)value;
    }

    public void WriteBytes(ReadOnlySpan<byte> value)
    {
        Ensure(value.Length);
        value.CopyTo(_data.AsSpan(_length));
        _length += value.Length;
    }

    /// <summary>Opens a vector whose length prefix has <paramref name="prefixBytes"/> bytes (1, 2 or 3).</summary>
    public int BeginVector(int prefixBytes)
    {
        Ensure(prefixBytes);
        int mark = _length;
        _length += prefixBytes;
        return mark | (prefixBytes << 28);
    }

    public void EndVector(int token)
    {
        int prefix = token >> 28;
        int mark = token & 0x0fffffff;
        int len = _length - mark - prefix;
        if (len >= 1 << (8 * prefix)) throw new InvalidOperationException("TLS vector too long");
        for (int i = prefix - 1; i >= 0; i--)
        {
            _data[mark + i] = (byte)len;
            len >>= 8;
        }
    }

    public void WriteVector8(ReadOnlySpan<byte> value)
    {
        WriteByte((byte)value.Length);
        WriteBytes(value);
    }

    public void WriteVector16(ReadOnlySpan<byte> value)
    {
        WriteUInt16(value.Length);
        WriteBytes(value);
    }

    /// <summary>Starts a handshake message: type then a 24-bit length (RFC 9846 §4).</summary>
    public int BeginMessage(HandshakeType type)
    {
        WriteByte((byte)type);
        return BeginVector(3);
    }

    /// <summary>Starts an extension: type then a 16-bit length (RFC 9846 §4.2).</summary>
    public int BeginExtension(ExtensionType type)
    {
        WriteUInt16((ushort)type);
        return BeginVector(2);
    }
}
