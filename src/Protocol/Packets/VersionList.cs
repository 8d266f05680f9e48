using System.Buffers.Binary;

namespace ActorQuic.Protocol.Packets;

/// <summary>
/// The Supported Version fields of a Version Negotiation packet (RFC 9000 §17.2.1), read in
/// place from the packet bytes. Enumerate it with <c>foreach</c> without allocating.
/// </summary>
public readonly struct VersionList
{
    private readonly ReadOnlyMemory<byte> _bytes;

    /// <param name="bytes">A whole number of 4-byte big-endian versions.</param>
    internal VersionList(ReadOnlyMemory<byte> bytes) => _bytes = bytes;

    public int Count => _bytes.Length / 4;

    public uint this[int index] =>
        (uint)index < (uint)Count
            ? BinaryPrimitives.ReadUInt32BigEndian(_bytes.Span[(index * 4)..])
            : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The raw list as sent, 4 bytes per version.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    public bool Contains(uint version)
    {
        foreach (uint v in this)
            if (v == version) return true;
        return false;
    }

    public Enumerator GetEnumerator() => new(_bytes);

    /// <summary>Allocation-free enumerator over the versions.</summary>
    public struct Enumerator
    {
        private readonly ReadOnlyMemory<byte> _bytes;
        private int _offset;

        internal Enumerator(ReadOnlyMemory<byte> bytes)
        {
            _bytes = bytes;
            _offset = -4;
        }

        public readonly uint Current => BinaryPrimitives.ReadUInt32BigEndian(_bytes.Span[_offset..]);

        public bool MoveNext()
        {
            _offset += 4;
            return _offset + 4 <= _bytes.Length;
        }
    }
}
