using System.Buffers.Binary;
using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// AEAD protection of one direction under one traffic key (RFC 9846 §5.2, §5.3): seals a
/// TLSInnerPlaintext into a TLSCiphertext and opens it again, with its own 64-bit sequence number
/// that starts at zero for every new key.
/// </summary>
public sealed class TlsRecordProtection : IDisposable
{
    /// <summary>All three suites' AEADs append a 16-byte tag.</summary>
    public const int TagLength = 16;

    private readonly TlsRecordKeys _keys;
    private readonly AesGcm? _aesGcm;
    private readonly ChaCha20Poly1305? _chaCha;

    public TlsRecordProtection(TlsRecordKeys keys)
    {
        _keys = keys;
        if (keys.Suite == CipherSuite.ChaCha20Poly1305Sha256)
            _chaCha = new ChaCha20Poly1305(keys.Key);
        else
            _aesGcm = new AesGcm(keys.Key, TagLength);
    }

    public CipherSuite Suite => _keys.Suite;

    /// <summary>The sequence number of the next record sealed or opened.</summary>
    public ulong SequenceNumber { get; private set; }

    /// <summary>
    /// The per-record nonce: the sequence number in network byte order, left-padded to iv_length,
    /// XORed with the static IV (§5.3).
    /// </summary>
    public static void ComputeNonce(ReadOnlySpan<byte> iv, ulong sequenceNumber, Span<byte> nonce)
    {
        iv.CopyTo(nonce);
        Span<byte> seq = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(seq, sequenceNumber);
        int offset = iv.Length - 8;
        for (int i = 0; i < 8; i++)
            nonce[offset + i] ^= seq[i];
    }

    /// <summary>
    /// Builds a whole TLSCiphertext (header included) carrying <paramref name="content"/> of
    /// <paramref name="type"/> followed by <paramref name="padding"/> zero bytes (§5.2, §5.4).
    /// </summary>
    public byte[] Seal(TlsContentType type, ReadOnlySpan<byte> content, int padding = 0)
    {
        if (content.Length + 1 + padding > TlsRecordLimits.MaxPlaintext + 1)
            throw new ArgumentException("TLSInnerPlaintext exceeds 2^14 + 1 bytes (§5.4)", nameof(content));
        int innerLength = content.Length + 1 + padding;
        int length = innerLength + TagLength;
        var record = new byte[TlsRecordLimits.HeaderLength + length];
        // Outer header: opaque_type = application_data, legacy_record_version = 0x0303 (§5.2).
        record[0] = (byte)TlsContentType.ApplicationData;
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(1), TlsRecordLimits.LegacyVersion);
        BinaryPrimitives.WriteUInt16BigEndian(record.AsSpan(3), (ushort)length);

        Span<byte> inner = record.AsSpan(TlsRecordLimits.HeaderLength, innerLength);
        content.CopyTo(inner);
        inner[content.Length] = (byte)type;
        inner[(content.Length + 1)..].Clear();

        Span<byte> nonce = stackalloc byte[TlsRecordKeys.IvLength];
        ComputeNonce(_keys.Iv, NextSequenceNumber(), nonce);
        // additional_data is the record header itself (§5.2); encrypt in place.
        ReadOnlySpan<byte> aad = record.AsSpan(0, TlsRecordLimits.HeaderLength);
        Span<byte> tag = record.AsSpan(TlsRecordLimits.HeaderLength + innerLength, TagLength);
        if (_chaCha is not null)
            _chaCha.Encrypt(nonce, inner, inner, tag, aad);
        else
            _aesGcm!.Encrypt(nonce, inner, inner, tag, aad);
        return record;
    }

    /// <summary>
    /// Opens a TLSCiphertext whose 5-byte header is <paramref name="header"/>; returns the real
    /// content type and the content with padding stripped (§5.2, §5.4).
    /// </summary>
    public TlsRecord Open(ReadOnlySpan<byte> header, ReadOnlySpan<byte> encryptedRecord)
    {
        if (encryptedRecord.Length < TagLength + 1)
            throw new TlsRecordException(TlsAlertCode.DecodeError, "protected record shorter than tag + type");
        int innerLength = encryptedRecord.Length - TagLength;
        var inner = new byte[innerLength];
        Span<byte> nonce = stackalloc byte[TlsRecordKeys.IvLength];
        ComputeNonce(_keys.Iv, NextSequenceNumber(), nonce);
        try
        {
            ReadOnlySpan<byte> ciphertext = encryptedRecord[..innerLength];
            ReadOnlySpan<byte> tag = encryptedRecord[innerLength..];
            if (_chaCha is not null)
                _chaCha.Decrypt(nonce, ciphertext, tag, inner, header);
            else
                _aesGcm!.Decrypt(nonce, ciphertext, tag, inner, header);
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TlsRecordException(TlsAlertCode.BadRecordMac, "record failed AEAD authentication", e);
        }

        // The real type is the last non-zero byte; a record of all zeros has none (§5.4).
        int end = innerLength - 1;
        while (end >= 0 && inner[end] == 0)
            end--;
        if (end < 0)
            throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, "TLSInnerPlaintext has no non-zero type byte");
        return new TlsRecord((TlsContentType)inner[end], inner[..end]);
    }

    private ulong NextSequenceNumber()
    {
        // The sequence number must not wrap (§5.3); a test connection never gets near this.
        if (SequenceNumber == ulong.MaxValue)
            throw new InvalidOperationException("record sequence number would wrap");
        return SequenceNumber++;
    }

    public void Dispose()
    {
        _aesGcm?.Dispose();
        _chaCha?.Dispose();
    }
}
