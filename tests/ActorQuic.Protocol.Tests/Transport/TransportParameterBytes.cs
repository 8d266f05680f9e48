using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Transport;

/// <summary>Builds raw parameter encodings by hand, independently of the encoder under test.</summary>
internal static class TransportParameterBytes
{
    public static byte[] Param(ulong id, params byte[] value) =>
        [.. Varint(id), .. Varint((ulong)value.Length), .. value];

    /// <summary>An integer parameter: the value as a varint of the given (or shortest) length.</summary>
    public static byte[] IntParam(ulong id, ulong value, int length = 0) => Param(id, Varint(value, length));

    public static byte[] Varint(ulong value, int length = 0)
    {
        var buffer = new byte[8];
        int n = QuicVarint.Write(buffer, value, length == 0 ? QuicVarint.GetLength(value) : length);
        return buffer[..n];
    }

    public static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    public static byte[] Filled(int length, byte value = 0xab) => Enumerable.Repeat(value, length).ToArray();
}
