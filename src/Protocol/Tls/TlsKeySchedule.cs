using System.Security.Cryptography;
using System.Text;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The TLS 1.3 key schedule (RFC 9846 §7.1): Early Secret → Handshake Secret → Main Secret, each
/// stage an HKDF-Extract salted with Derive-Secret(previous, "derived", "").
/// </summary>
internal sealed class TlsKeySchedule
{
    private readonly HashAlgorithmName _hash;
    private readonly int _hashLength;
    private byte[] _secret;

    public TlsKeySchedule(CipherSuite suite, ReadOnlySpan<byte> psk)
    {
        Suite = suite;
        _hash = TlsCipherSuites.Hash(suite);
        _hashLength = TlsCipherSuites.HashLength(suite);
        // Early Secret = HKDF-Extract(0, PSK or 0); "0" is Hash.length zero bytes.
        Span<byte> zeros = stackalloc byte[_hashLength];
        zeros.Clear();
        _secret = Extract(psk.IsEmpty ? zeros : psk, zeros);
    }

    public CipherSuite Suite { get; }

    private byte[] Extract(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt)
    {
        var prk = new byte[_hashLength];
        HKDF.Extract(_hash, ikm, salt, prk);
        return prk;
    }
    public HashAlgorithmName Hash => _hash;
    public int HashLength => _hashLength;

    public byte[] ExpandLabel(ReadOnlySpan<byte> secret, string label, ReadOnlySpan<byte> context, int length) =>
        HkdfLabel.Expand(_hash, secret, label, context, length);

    /// <summary>Derive-Secret(Secret, Label, Messages) with the transcript hash already computed.</summary>
    public byte[] DeriveSecret(string label, ReadOnlySpan<byte> transcriptHash) =>
        ExpandLabel(_secret, label, transcriptHash, _hashLength);

    private byte[] EmptyHash() => _hash == HashAlgorithmName.SHA384 ? SHA384.HashData([]) : SHA256.HashData([]);

    private void Advance(ReadOnlySpan<byte> ikm)
    {
        byte[] salt = DeriveSecret("derived", EmptyHash());
        Span<byte> zeros = stackalloc byte[_hashLength];
        zeros.Clear();
        _secret = Extract(ikm.IsEmpty ? zeros : ikm, salt);
    }

    /// <summary>Moves Early Secret → Handshake Secret with the (EC)DHE shared secret.</summary>
    public void AdvanceToHandshake(ReadOnlySpan<byte> sharedSecret) => Advance(sharedSecret);

    /// <summary>Moves Handshake Secret → Main Secret (IKM = 0).</summary>
    public void AdvanceToMain() => Advance(ReadOnlySpan<byte>.Empty);

    /// <summary>binder_key = Derive-Secret(Early Secret, "res binder", "") (§7.1), then its finished key.</summary>
    public byte[] BinderFinishedKey() => FinishedKey(DeriveSecret("res binder", EmptyHash()));

    /// <summary>finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (§4.4.4).</summary>
    public byte[] FinishedKey(ReadOnlySpan<byte> baseKey) => ExpandLabel(baseKey, "finished", [], _hashLength);

    /// <summary>verify_data = HMAC(finished_key, Transcript-Hash(...)) (§4.4.4); also PSK binders (§4.2.11.2).</summary>
    public byte[] VerifyData(ReadOnlySpan<byte> finishedKey, ReadOnlySpan<byte> transcriptHash) =>
        _hash == HashAlgorithmName.SHA384
            ? HMACSHA384.HashData(finishedKey, transcriptHash)
            : HMACSHA256.HashData(finishedKey, transcriptHash);

    /// <summary>The per-ticket PSK: HKDF-Expand-Label(resumption_secret, "resumption", ticket_nonce, Hash.length) (§4.6.1).</summary>
    public byte[] TicketPsk(ReadOnlySpan<byte> resumptionSecret, ReadOnlySpan<byte> nonce) =>
        ExpandLabel(resumptionSecret, "resumption", nonce, _hashLength);

    internal static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);
}
