using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ActorQuic.Dispatcher.Transport;

/// <summary>
/// Equality of two socket addresses as peer identities: family, port, address and (IPv6) scope
/// ID. Reads fixed offsets of sockaddr_in (port 2..4, address 4..8) and sockaddr_in6 (port
/// 2..4, address 8..24, scope 24..28); other families fall back to the raw bytes.
/// </summary>
internal sealed class SocketAddressIdentityComparer : IEqualityComparer<SocketAddress>
{
    public static readonly SocketAddressIdentityComparer Instance = new();

    public bool Equals(SocketAddress? x, SocketAddress? y)
    {
        if (ReferenceEquals(x, y))
            return true;
        if (x is null || y is null || x.Family != y.Family)
            return false;
        ReadOnlySpan<byte> a = x.Buffer.Span, b = y.Buffer.Span;
        return x.Family switch
        {
            AddressFamily.InterNetwork when a.Length >= 8 && b.Length >= 8 => a[2..8].SequenceEqual(b[2..8]),
            AddressFamily.InterNetworkV6 when a.Length >= 28 && b.Length >= 28 =>
                a[2..4].SequenceEqual(b[2..4]) && a[8..28].SequenceEqual(b[8..28]),
            _ => a.SequenceEqual(b),
        };
    }

    public int GetHashCode(SocketAddress obj)
    {
        ReadOnlySpan<byte> a = obj.Buffer.Span;
        switch (obj.Family)
        {
            case AddressFamily.InterNetwork when a.Length >= 8:
                return HashCode.Combine(BinaryPrimitives.ReadUInt16LittleEndian(a[2..]), BinaryPrimitives.ReadInt32LittleEndian(a[4..]));
            case AddressFamily.InterNetworkV6 when a.Length >= 28:
                return HashCode.Combine(
                    BinaryPrimitives.ReadUInt16LittleEndian(a[2..]),
                    BinaryPrimitives.ReadInt64LittleEndian(a[8..]),
                    BinaryPrimitives.ReadInt64LittleEndian(a[16..]),
                    BinaryPrimitives.ReadInt32LittleEndian(a[24..]));
            default:
                var hash = new HashCode();
                hash.AddBytes(a);
                return hash.ToHashCode();
        }
    }
}
