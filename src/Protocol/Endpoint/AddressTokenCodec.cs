using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>
/// Makes and checks address validation tokens (RFC 9000 §8.1.2–§8.1.4) without keeping
/// per-client state: the token carries its own data sealed with AES-256-GCM under a key only
/// this server knows, so clients can neither forge nor alter it (§8.1.4 integrity). The
/// client's address is bound in as associated data rather than stored, so a token presented
/// from another address simply fails to open.
/// </summary>
/// <remarks>
/// Layout: kind (1, in clear so Retry and NEW_TOKEN tokens are told apart, §8.1.3) ||
/// nonce (12, random: also makes every NEW_TOKEN token unique, §8.1.3) ||
/// sealed(issued-at ms (8) || odcid length (1) || odcid || rscid length (1) || rscid) || tag (16).
/// Time is a parameter (milliseconds on any monotonic or wall clock the caller uses consistently).
/// </remarks>
public sealed class AddressTokenCodec : IDisposable
{
    private const int NonceLength = 12;
    private const int TagLength = 16;
    private const int HeaderLength = 1 + NonceLength;
    private const int MaxPlaintext = 8 + 1 + ConnectionId.MaxLength + 1 + ConnectionId.MaxLength;

    /// <summary>The longest token this codec makes; longer tokens are not ours.</summary>
    public const int MaxTokenLength = HeaderLength + MaxPlaintext + TagLength;

    private readonly AesGcm _aead;
    private readonly long _retryLifetimeMs;
    private readonly long _newTokenLifetimeMs;
    private readonly TokenReplayFilter _replays;

    /// <param name="key">32 secret bytes; a server farm that shares it accepts each other's tokens.</param>
    /// <param name="retryLifetime">Retry tokens come straight back (§8.1.4 "only accepted for a short time").</param>
    /// <param name="newTokenLifetime">NEW_TOKEN tokens are for later connections.</param>
    /// <param name="maxRememberedTokens">Bound on the NEW_TOKEN replay memory.</param>
    public AddressTokenCodec(ReadOnlySpan<byte> key, TimeSpan retryLifetime, TimeSpan newTokenLifetime,
        int maxRememberedTokens = 65536)
    {
        if (key.Length != 32) throw new ArgumentException("the token key is 32 bytes", nameof(key));
        if (retryLifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(retryLifetime));
        if (newTokenLifetime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(newTokenLifetime));
        _aead = new AesGcm(key, TagLength);
        _retryLifetimeMs = (long)retryLifetime.TotalMilliseconds;
        _newTokenLifetimeMs = (long)newTokenLifetime.TotalMilliseconds;
        _replays = new TokenReplayFilter(maxRememberedTokens);
    }

    /// <summary>A token for a Retry packet, bound to the client's address and port (§8.1.4).</summary>
    public byte[] CreateRetryToken(IPEndPoint client, ConnectionId originalDcid, ConnectionId retryScid, long nowMs) =>
        Seal(AddressTokenKind.Retry, client.Address, client.Port, originalDcid, retryScid, nowMs);

    /// <summary>A token for a NEW_TOKEN frame, bound to the client's IP address only (§8.1.3: ports change).</summary>
    public byte[] CreateNewToken(IPAddress client, long nowMs) =>
        Seal(AddressTokenKind.NewToken, client, 0, ConnectionId.Empty, ConnectionId.Empty, nowMs);

    /// <summary>Checks a token from a client Initial sent from <paramref name="client"/>.</summary>
    public AddressTokenValidation Validate(ReadOnlySpan<byte> token, IPEndPoint client, long nowMs, out AddressToken result)
    {
        result = default;
        if (token.Length < HeaderLength + 8 + 2 + TagLength || token.Length > MaxTokenLength)
            return AddressTokenValidation.Invalid;
        var kind = (AddressTokenKind)token[0];
        if (kind is not (AddressTokenKind.Retry or AddressTokenKind.NewToken))
            return AddressTokenValidation.Invalid;

        Span<byte> ad = stackalloc byte[1 + 16 + 2];
        int adLength = WriteAssociatedData(ad, kind, client.Address, kind == AddressTokenKind.Retry ? client.Port : 0);
        var nonce = token.Slice(1, NonceLength);
        var ciphertext = token[HeaderLength..^TagLength];
        Span<byte> plain = stackalloc byte[MaxPlaintext];
        plain = plain[..ciphertext.Length];
        try
        {
            _aead.Decrypt(nonce, ciphertext, token[^TagLength..], plain, ad[..adLength]);
        }
        catch (AuthenticationTagMismatchException)
        {
            return AddressTokenValidation.Invalid;
        }

        // The plaintext is ours (authenticated), but stay defensive about its layout.
        var reader = new QuicReader(plain);
        if (!reader.TryReadSpan(8, out var issuedBytes)
            || !reader.TryReadByte(out byte odcidLength) || odcidLength > ConnectionId.MaxLength
            || !reader.TryReadSpan(odcidLength, out var odcid)
            || !reader.TryReadByte(out byte rscidLength) || rscidLength > ConnectionId.MaxLength
            || !reader.TryReadSpan(rscidLength, out var rscid)
            || !reader.IsEnd)
            return AddressTokenValidation.Invalid;

        long issued = BinaryPrimitives.ReadInt64BigEndian(issuedBytes);
        long lifetime = kind == AddressTokenKind.Retry ? _retryLifetimeMs : _newTokenLifetimeMs;
        // A token from the future is as suspect as an old one.
        if (nowMs < issued || nowMs - issued > lifetime)
            return AddressTokenValidation.Expired;
        if (kind == AddressTokenKind.NewToken && !_replays.TryRemember(nonce, issued + lifetime, nowMs))
            return AddressTokenValidation.Replayed;

        result = new AddressToken(kind, new ConnectionId(odcid), new ConnectionId(rscid));
        return AddressTokenValidation.Valid;
    }

    private byte[] Seal(AddressTokenKind kind, IPAddress address, int port, ConnectionId odcid, ConnectionId rscid, long nowMs)
    {
        int plainLength = 8 + 1 + odcid.Length + 1 + rscid.Length;
        var token = new byte[HeaderLength + plainLength + TagLength];
        token[0] = (byte)kind;
        var nonce = token.AsSpan(1, NonceLength);
        RandomNumberGenerator.Fill(nonce);

        Span<byte> plain = stackalloc byte[MaxPlaintext];
        var writer = new QuicWriter(plain);
        Span<byte> issued = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(issued, nowMs);
        writer.WriteBytes(issued);
        writer.WriteByte((byte)odcid.Length);
        writer.WriteBytes(odcid.Span);
        writer.WriteByte((byte)rscid.Length);
        writer.WriteBytes(rscid.Span);

        Span<byte> ad = stackalloc byte[1 + 16 + 2];
        int adLength = WriteAssociatedData(ad, kind, address, port);
        _aead.Encrypt(nonce, writer.Written, token.AsSpan(HeaderLength, plainLength), token.AsSpan(HeaderLength + plainLength), ad[..adLength]);
        return token;
    }

    /// <summary>kind || IP address (IPv4 as IPv4-mapped IPv6, so dual-stack sockets agree) || port.</summary>
    private static int WriteAssociatedData(Span<byte> ad, AddressTokenKind kind, IPAddress address, int port)
    {
        ad[0] = (byte)kind;
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? address.MapToIPv6() : address;
        if (!v6.TryWriteBytes(ad.Slice(1, 16), out int written) || written != 16)
            throw new ArgumentException("unsupported address family", nameof(address));
        BinaryPrimitives.WriteUInt16BigEndian(ad.Slice(17, 2), (ushort)port);
        return 19;
    }

    public void Dispose() => _aead.Dispose();
}
