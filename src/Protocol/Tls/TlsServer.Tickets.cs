using System.Net.Security;
using System.Security.Cryptography;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

// Stateless session tickets, PSK resumption and the 0-RTT decision (RFC 9846 §4.2.10, §4.2.11, §4.6.1, §8).
public sealed partial class TlsServer
{
    private const byte TicketFormat = 1;
    private static readonly byte[] TicketAad = "ActorQuic TLS ticket v1"u8.ToArray();
    private int _ticketsSent;

    private sealed record TicketState(CipherSuite Suite, long IssuedMs, uint Lifetime, uint AgeAdd, bool AllowEarlyData,
        byte[] Psk, SslApplicationProtocol Alpn, byte[] ApplicationData);

    private sealed record Resumption(byte[] Psk, bool AcceptEarlyData);

    /// <summary>
    /// Sends one more NewSessionTicket at the 1-RTT level carrying <paramref name="applicationData"/>
    /// (RFC 9001 §4.1.3: TLS may send data after completion). Requires a completed handshake and tickets enabled.
    /// </summary>
    public void IssueSessionTicket(DateTimeOffset now, byte[] applicationData)
    {
        if (State != TlsHandshakeState.Connected) throw new InvalidOperationException("handshake not complete");
        Guard(() => SendTicket(now, applicationData));
    }

    private void SendTicket(DateTimeOffset now, byte[] applicationData)
    {
        // Tickets need a key and a client that can use them (psk_key_exchange_modes, §4.2.9).
        if (_options.SessionTicketKey == null || !_clientOffersTickets) return;
        var nonce = BitConverter.GetBytes(_ticketsSent++);
        uint ageAdd = BitConverter.ToUInt32(RandomBytes(4));
        uint lifetime = (uint)_options.SessionTicketLifetime.TotalSeconds;
        var state = new TicketState(NegotiatedCipherSuite!.Value, now.ToUnixTimeMilliseconds(), lifetime, ageAdd,
            _options.EnableEarlyData, Keys.TicketPsk(_resumptionSecret!, nonce), NegotiatedApplicationProtocol, applicationData);
        var nst = new NewSessionTicketMessage
        {
            Lifetime = lifetime,
            AgeAdd = ageAdd,
            Nonce = nonce,
            Ticket = Seal(state),
            // QUIC's sentinel: 0-RTT allowed, size governed by transport parameters (RFC 9001 §4.6.1).
            MaxEarlyDataSize = _options.EnableEarlyData ? 0xffffffff : null,
        };
        Send(EncryptionLevel.OneRtt, nst.Encode());
    }

    private byte[] Seal(TicketState s)
    {
        var b = new TlsBuffer();
        b.WriteByte(TicketFormat);
        b.WriteUInt16((ushort)s.Suite);
        b.WriteUInt32((uint)(s.IssuedMs >> 32));
        b.WriteUInt32((uint)s.IssuedMs);
        b.WriteUInt32(s.Lifetime);
        b.WriteUInt32(s.AgeAdd);
        b.WriteByte(s.AllowEarlyData ? (byte)1 : (byte)0);
        b.WriteVector8(s.Psk);
        b.WriteVector8(s.Alpn.Protocol.Span);
        b.WriteVector16(s.ApplicationData);
        var plain = b.Span;
        var sealedTicket = new byte[12 + plain.Length + 16];
        RandomBytes(12).CopyTo(sealedTicket, 0);
        using var aead = new AesGcm(_options.SessionTicketKey!, 16);
        aead.Encrypt(sealedTicket.AsSpan(0, 12), plain, sealedTicket.AsSpan(12, plain.Length),
            sealedTicket.AsSpan(12 + plain.Length), TicketAad);
        return sealedTicket;
    }

    /// <summary>Decrypts a ticket; null when it is not ours, tampered with, or from another format.</summary>
    private TicketState? Open(byte[] ticket)
    {
        if (_options.SessionTicketKey == null || ticket.Length < 12 + 16 + 1) return null;
        var plain = new byte[ticket.Length - 28];
        bool opened = false;
        foreach (var key in _options.PreviousSessionTicketKeys.Prepend(_options.SessionTicketKey))
        {
            try
            {
                using var aead = new AesGcm(key, 16);
                aead.Decrypt(ticket.AsSpan(0, 12), ticket.AsSpan(12, plain.Length), ticket.AsSpan(12 + plain.Length), plain, TicketAad);
                opened = true;
                break;
            }
            catch (CryptographicException)
            {
                // not sealed with this key
            }
        }
        if (!opened) return null;
        try
        {
            var r = new TlsReader(plain);
            if (r.ReadByte() != TicketFormat) return null;
            var suite = (CipherSuite)r.ReadUInt16();
            long issued = (long)r.ReadUInt32() << 32 | r.ReadUInt32();
            var state = new TicketState(suite, issued, r.ReadUInt32(), r.ReadUInt32(), r.ReadByte() == 1,
                r.ReadVector8("psk", 1).ToArray(), new SslApplicationProtocol(r.ReadVector8("alpn", 1).ToArray()),
                r.ReadVector16("app data").ToArray());
            r.ExpectEnd("ticket");
            return state;
        }
        catch (TlsAlertException)
        {
            return null;
        }
    }

    /// <summary>
    /// Looks at the first PSK identity only (§4.2.11: the server may pick any; the first keeps 0-RTT possible).
    /// A ticket we cannot use means a full handshake; a usable ticket with a wrong binder is decrypt_error.
    /// </summary>
    private Resumption? TryResume(ClientHelloMessage ch, ReadOnlySpan<byte> message, CipherSuite suite,
        SslApplicationProtocol alpn, DateTimeOffset now)
    {
        if (ch.PskIdentities == null) return null;
        if (ch.PskModes == null)
            throw new TlsAlertException(AlertDescription.MissingExtension, "pre_shared_key without psk_key_exchange_modes"); // §4.2.9
        if (!ch.PskModes.Contains(1)) return null; // only psk_dhe_ke is supported
        var (identity, obfuscatedAge) = ch.PskIdentities[0];
        var state = Open(identity);
        if (state == null) return null;
        var issued = DateTimeOffset.FromUnixTimeMilliseconds(state.IssuedMs);
        long ageMs = (long)(now - issued).TotalMilliseconds;
        if (ageMs < 0 || ageMs >= state.Lifetime * 1000L) return null;
        var hash = TlsCipherSuites.Hash(suite);
        if (TlsCipherSuites.Hash(state.Suite) != hash) return null;

        var early = new TlsKeySchedule(state.Suite, state.Psk);
        var expected = early.VerifyData(early.BinderFinishedKey(), Transcript.HashWith(hash, message[..ch.BinderCoveredLength]));
        if (!CryptographicOperations.FixedTimeEquals(expected, ch.PskBinders![0]))
            throw new TlsAlertException(AlertDescription.DecryptError, "PSK binder does not verify");

        // Single use (§8.1): a replayed ticket falls back to a full handshake.
        if (!_options.AntiReplayCache.TryUse(identity, issued.AddSeconds(state.Lifetime), now)) return null;

        IsResumed = true;
        ResumedApplicationData = state.ApplicationData;
        // Freshness (§8.3): the client's view of the ticket age must match ours within the allowed skew.
        long clientAgeMs = unchecked((uint)(obfuscatedAge - state.AgeAdd));
        bool fresh = Math.Abs(clientAgeMs - ageMs) <= _options.MaxEarlyDataClockSkew.TotalMilliseconds;
        // 0-RTT needs the same suite and ALPN as the original connection (§4.2.10) and no HRR (RFC 9001 §4.6.2).
        bool accept = ch.EarlyData && _options.EnableEarlyData && state.AllowEarlyData && !UsedHelloRetryRequest
            && state.Suite == suite && state.Alpn == alpn && fresh
            && (_options.EarlyDataValidator?.Invoke(state.ApplicationData) ?? true);
        return new Resumption(state.Psk, accept);
    }
}
