using System.Buffers.Binary;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// A minimal TLS 1.3 record layer over a byte stream (RFC 9846 §5), for tests only: QUIC itself
/// carries handshake bytes in CRYPTO frames without records (RFC 9001 §4), so this exists to let
/// the engine talk to stacks that only speak TLS over TCP.
/// It frames TLSPlaintext while no key is set, protects records once one is (§5.2), drops a legacy
/// change_cipher_spec during the handshake (§5), and turns received alerts into exceptions (§6).
/// Keys are switched by the caller, which knows the handshake's key changes.
/// </summary>
public sealed class TlsRecordLayer : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _isClient;
    private readonly MemoryStream _pending = new();
    private TlsRecordProtection? _read;
    private TlsRecordProtection? _write;
    private bool _wroteFirstRecord;

    public TlsRecordLayer(Stream stream, bool isClient)
    {
        _stream = stream;
        _isClient = isClient;
    }

    /// <summary>
    /// While true, an unprotected change_cipher_spec of the single byte 0x01 is dropped (§5: allowed
    /// from the first ClientHello until the peer's Finished). Set to false once the peer's Finished is in.
    /// </summary>
    public bool DropChangeCipherSpec { get; set; } = true;

    /// <summary>How many legacy change_cipher_spec records were dropped.</summary>
    public int DroppedChangeCipherSpecs { get; private set; }

    /// <summary>
    /// Largest fragment per record written, at most 2^14 (§5.1). Smaller values make handshake
    /// messages span records, which the peer must reassemble.
    /// </summary>
    public int MaxFragment
    {
        get => _maxFragment;
        set => _maxFragment = value is > 0 and <= TlsRecordLimits.MaxPlaintext ? value
            : throw new ArgumentOutOfRangeException(nameof(value), "a fragment holds 1 to 2^14 bytes");
    }

    private int _maxFragment = TlsRecordLimits.MaxPlaintext;

    /// <summary>Zero bytes to append to every protected TLSInnerPlaintext written (§5.4), to exercise padding.</summary>
    public int Padding { get; set; }

    /// <summary>Switches the read direction to <paramref name="keys"/>; the sequence number restarts at 0 (§5.3).</summary>
    public void SetReadKeys(TlsRecordKeys? keys)
    {
        _read?.Dispose();
        _read = keys is null ? null : new TlsRecordProtection(keys);
    }

    /// <summary>Switches the write direction to <paramref name="keys"/>; the sequence number restarts at 0 (§5.3).</summary>
    public void SetWriteKeys(TlsRecordKeys? keys)
    {
        _write?.Dispose();
        _write = keys is null ? null : new TlsRecordProtection(keys);
    }

    /// <summary>
    /// Queues <paramref name="content"/> as records of <paramref name="type"/> under the current write
    /// key, fragmented at 2^14 bytes (§5.1). Nothing is sent until <see cref="FlushAsync"/>.
    /// </summary>
    public void Write(TlsContentType type, ReadOnlySpan<byte> content)
    {
        if (type == TlsContentType.ApplicationData && _write is null)
            throw new InvalidOperationException("application data must never be sent unprotected (§5.1)");
        if (content.IsEmpty && type != TlsContentType.ApplicationData)
            throw new ArgumentException("zero-length fragments are only allowed for application data (§5.1)");
        do
        {
            int n = Math.Min(content.Length, _maxFragment);
            WriteOne(type, content[..n]);
            content = content[n..];
        } while (!content.IsEmpty);
    }

    /// <summary>Queues one alert record; alerts are never fragmented or coalesced (§5.1).</summary>
    public void WriteAlert(byte level, byte description) => Write(TlsContentType.Alert, [level, description]);

    public async Task FlushAsync(CancellationToken cancel)
    {
        if (_pending.Length == 0)
            return;
        await _stream.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancel).ConfigureAwait(false);
        await _stream.FlushAsync(cancel).ConfigureAwait(false);
        _pending.SetLength(0);
    }

    private void WriteOne(TlsContentType type, ReadOnlySpan<byte> fragment)
    {
        if (_write is not null)
        {
            _pending.Write(_write.Seal(type, fragment, Padding));
        }
        else
        {
            // An initial ClientHello SHOULD carry 0x0301, everything else 0x0303 (§5.1).
            ushort version = _isClient && !_wroteFirstRecord ? TlsRecordLimits.InitialClientHelloVersion : TlsRecordLimits.LegacyVersion;
            Span<byte> header = stackalloc byte[TlsRecordLimits.HeaderLength];
            header[0] = (byte)type;
            BinaryPrimitives.WriteUInt16BigEndian(header[1..], version);
            BinaryPrimitives.WriteUInt16BigEndian(header[3..], (ushort)fragment.Length);
            _pending.Write(header);
            _pending.Write(fragment);
        }
        _wroteFirstRecord = true;
    }

    /// <summary>
    /// Reads the next record for the layer above: handshake or application data. Returns null at a
    /// clean end (close_notify, or the stream closing on a record boundary); throws
    /// <see cref="TlsAlertReceivedException"/> for any other alert and <see cref="TlsRecordException"/>
    /// for a malformed or unauthentic record.
    /// </summary>
    public async Task<TlsRecord?> ReadAsync(CancellationToken cancel)
    {
        while (true)
        {
            var header = new byte[TlsRecordLimits.HeaderLength];
            int got = await _stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancel).ConfigureAwait(false);
            if (got == 0)
                return null;
            if (got < header.Length)
                throw new TlsRecordException(TlsAlertCode.DecodeError, "stream ended inside a record header");
            var outerType = (TlsContentType)header[0];
            int length = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3));
            // legacy_record_version MUST be ignored (§5.1).
            int limit = _read is null ? TlsRecordLimits.MaxPlaintext : TlsRecordLimits.MaxCiphertext;
            if (length > limit)
                throw new TlsRecordException(TlsAlertCode.RecordOverflow, $"record of {length} bytes exceeds {limit}");
            var fragment = new byte[length];
            await _stream.ReadExactlyAsync(fragment, cancel).ConfigureAwait(false);

            TlsRecord? record = Deprotect(header, outerType, fragment);
            if (record is null)
                continue; // a dropped change_cipher_spec
            TlsRecord r = record.Value;
            switch (r.Type)
            {
                case TlsContentType.Alert:
                    if (r.Content.Length != 2)
                        throw new TlsRecordException(TlsAlertCode.DecodeError, "alert record must hold exactly one alert (§5.1)");
                    if (r.Content[1] == TlsAlertCode.CloseNotify)
                        return null;
                    throw new TlsAlertReceivedException(r.Content[0], r.Content[1]);
                case TlsContentType.Handshake when r.Content.Length == 0:
                    throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, "zero-length handshake fragment (§5.1)");
                case TlsContentType.Handshake:
                case TlsContentType.ApplicationData:
                    return r;
                default:
                    throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, $"unexpected record type {r.Type} (§5)");
            }
        }
    }

    private TlsRecord? Deprotect(byte[] header, TlsContentType outerType, byte[] fragment)
    {
        // A legacy change_cipher_spec is never protected and may arrive where protected records are
        // expected, so it is recognised before deprotection (§5).
        if (outerType == TlsContentType.ChangeCipherSpec)
        {
            if (DropChangeCipherSpec && fragment is [0x01])
            {
                DroppedChangeCipherSpecs++;
                return null;
            }
            throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, "change_cipher_spec outside the handshake or not 0x01 (§5)");
        }
        if (_read is null)
        {
            if (outerType == TlsContentType.ApplicationData)
                throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, "protected record before any read key");
            return new TlsRecord(outerType, fragment);
        }
        if (outerType != TlsContentType.ApplicationData)
            throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, $"unprotected {outerType} record after keys changed (§5.2)");
        if (fragment.Length > TlsRecordLimits.MaxCiphertext)
            throw new TlsRecordException(TlsAlertCode.RecordOverflow, "ciphertext too long");
        TlsRecord r = _read.Open(header, fragment);
        if (r.Content.Length > TlsRecordLimits.MaxPlaintext)
            throw new TlsRecordException(TlsAlertCode.RecordOverflow, "TLSInnerPlaintext content exceeds 2^14 (§5.4)");
        if (r.Type == TlsContentType.ChangeCipherSpec)
            throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, "protected change_cipher_spec (§5)");
        return r;
    }

    public void Dispose()
    {
        _read?.Dispose();
        _write?.Dispose();
        _pending.Dispose();
    }
}
