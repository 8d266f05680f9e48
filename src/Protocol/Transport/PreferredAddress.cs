using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

/// <summary>
/// The server's preferred_address transport parameter (RFC 9000 §18.2, §9.6): one IPv4 and
/// one IPv6 address/port pair, plus the connection ID (sequence number 1) and its stateless
/// reset token. An all-zero address and port means that family is not offered.
/// </summary>
/// <remarks>
/// Addresses are stored as plain integers rather than <see cref="IPAddress"/> objects so the
/// record stays immutable (IPAddress and IPEndPoint have setters) and compares by value.
/// </remarks>
public sealed record PreferredAddress
{
    // RFC 9000 §18.2 figure 22: 4 + 2 + 16 + 2 + 1 + (CID) + 16 bytes.
    internal const int FixedLength = 4 + 2 + 16 + 2 + 1 + StatelessResetToken.Length;

    private readonly uint _ipv4Address;
    private readonly UInt128 _ipv6Address;

    public PreferredAddress(IPEndPoint ipv4, IPEndPoint ipv6, ConnectionId connectionId, StatelessResetToken statelessResetToken)
    {
        ArgumentNullException.ThrowIfNull(ipv4);
        ArgumentNullException.ThrowIfNull(ipv6);
        if (ipv4.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException("not an IPv4 endpoint (use 0.0.0.0:0 to offer none)", nameof(ipv4));
        if (ipv6.AddressFamily != AddressFamily.InterNetworkV6)
            throw new ArgumentException("not an IPv6 endpoint (use [::]:0 to offer none)", nameof(ipv6));
        // RFC 9000 §18.2: a server MUST NOT include a zero-length connection ID here.
        if (connectionId.IsEmpty)
            throw new ArgumentException("the preferred address needs a non-empty connection ID", nameof(connectionId));

        Span<byte> bytes = stackalloc byte[16];
        ipv4.Address.TryWriteBytes(bytes, out _);
        _ipv4Address = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        IPv4Port = (ushort)ipv4.Port;
        ipv6.Address.TryWriteBytes(bytes, out _);
        _ipv6Address = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        IPv6Port = (ushort)ipv6.Port;
        ConnectionId = connectionId;
        StatelessResetToken = statelessResetToken;
    }

    /// <summary>A fresh endpoint each call, so callers cannot mutate this record.</summary>
    public IPEndPoint IPv4
    {
        get
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, _ipv4Address);
            return new IPEndPoint(new IPAddress(bytes), IPv4Port);
        }
    }

    public ushort IPv4Port { get; }

    /// <summary>A fresh endpoint each call, so callers cannot mutate this record.</summary>
    public IPEndPoint IPv6
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            BinaryPrimitives.WriteUInt128BigEndian(bytes, _ipv6Address);
            return new IPEndPoint(new IPAddress(bytes), IPv6Port);
        }
    }

    public ushort IPv6Port { get; }

    public ConnectionId ConnectionId { get; }

    public StatelessResetToken StatelessResetToken { get; }

    /// <summary>False when the server sent 0.0.0.0:0, i.e. offers no IPv4 address (RFC 9000 §18.2).</summary>
    public bool HasIPv4 => _ipv4Address != 0 || IPv4Port != 0;

    /// <summary>False when the server sent [::]:0, i.e. offers no IPv6 address (RFC 9000 §18.2).</summary>
    public bool HasIPv6 => _ipv6Address != UInt128.Zero || IPv6Port != 0;

    internal int GetEncodedLength() => FixedLength + ConnectionId.Length;

    internal void Encode(ref QuicWriter writer)
    {
        writer.WriteUInt32(_ipv4Address);
        writer.WriteUInt16(IPv4Port);
        Span<byte> ipv6 = writer.Reserve(16);
        BinaryPrimitives.WriteUInt128BigEndian(ipv6, _ipv6Address);
        writer.WriteUInt16(IPv6Port);
        var cid = ConnectionId;
        writer.WriteByte((byte)cid.Length);
        writer.WriteBytes(cid.Span);
        var token = StatelessResetToken;
        writer.WriteBytes(token.Span);
    }

    /// <summary>Parses the parameter value; null when its layout is invalid (RFC 9000 §18.2).</summary>
    internal static PreferredAddress? TryDecode(ReadOnlySpan<byte> value)
    {
        var reader = new QuicReader(value);
        if (!reader.TryReadSpan(4, out var ipv4)
            || !reader.TryReadUInt16(out ushort ipv4Port)
            || !reader.TryReadSpan(16, out var ipv6)
            || !reader.TryReadUInt16(out ushort ipv6Port)
            || !reader.TryReadByte(out byte cidLength)
            // RFC 9000 §18.2: zero-length CIDs are forbidden; §17.2: at most 20 bytes.
            || cidLength is 0 or > ConnectionId.MaxLength
            || !reader.TryReadSpan(cidLength, out var cid)
            || !reader.TryReadSpan(StatelessResetToken.Length, out var token)
            || !reader.IsEnd)
            return null;
        return new PreferredAddress(
            new IPEndPoint(new IPAddress(ipv4), ipv4Port),
            new IPEndPoint(new IPAddress(ipv6), ipv6Port),
            new ConnectionId(cid),
            new StatelessResetToken(token));
    }
}
