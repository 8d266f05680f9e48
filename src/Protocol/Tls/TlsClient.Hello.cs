using System.Text;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

// ClientHello construction and ServerHello / HelloRetryRequest processing (RFC 9846 §4.1).
public sealed partial class TlsClient
{
    private byte[] BuildClientHello(DateTimeOffset now, bool includeEarlyData)
    {
        _offered.Clear();
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.ClientHello);
        b.WriteUInt16(0x0303); // legacy_version (§4.1.2)
        b.WriteBytes(_random);
        b.WriteByte(0); // legacy_session_id: empty, no middlebox compatibility mode in QUIC (RFC 9001 §8.4)
        int suites = b.BeginVector(2);
        foreach (var s in _options.CipherSuites) b.WriteUInt16((ushort)s);
        b.EndVector(suites);
        b.WriteByte(1);
        b.WriteByte(0); // legacy_compression_methods = [null]
        int exts = b.BeginVector(2);

        if (SendsSni)
        {
            int sni = Extension(b, ExtensionType.ServerName);
            int list = b.BeginVector(2);
            b.WriteByte(0); // host_name
            b.WriteVector16(Encoding.ASCII.GetBytes(_options.ServerName!));
            b.EndVector(list);
            b.EndVector(sni);
        }
        int sv = Extension(b, ExtensionType.SupportedVersions);
        b.WriteByte(2);
        b.WriteUInt16(0x0304); // TLS 1.3 only (RFC 9001 §4.2)
        b.EndVector(sv);
        Mark(ExtensionType.SupportedGroups);
        TlsExtensionCodec.WriteUInt16List(b, ExtensionType.SupportedGroups, _options.Groups.Select(g => (ushort)g));
        int ks = Extension(b, ExtensionType.KeyShare);
        int shares = b.BeginVector(2);
        b.WriteUInt16((ushort)_keyShare!.Group);
        b.WriteVector16(_keyShare.PublicKey);
        b.EndVector(shares);
        b.EndVector(ks);
        Mark(ExtensionType.SignatureAlgorithms);
        TlsExtensionCodec.WriteUInt16List(b, ExtensionType.SignatureAlgorithms, _options.SignatureSchemes.Select(s => (ushort)s));
        Mark(ExtensionType.ApplicationLayerProtocolNegotiation);
        TlsExtensionCodec.WriteAlpn(b, _options.ApplicationProtocols);
        if (_options.RequireQuicTransportParameters || _options.TransportParameters.Length > 0)
        {
            Mark(ExtensionType.QuicTransportParameters);
            TlsExtensionCodec.WriteOpaque(b, ExtensionType.QuicTransportParameters, _options.TransportParameters);
        }
        // Always sent: without it the server may not issue tickets (§4.2.9). Only psk_dhe_ke is supported.
        int modes = Extension(b, ExtensionType.PskKeyExchangeModes);
        b.WriteVector8([1]);
        b.EndVector(modes);
        if (_cookie != null)
        {
            int c = Extension(b, ExtensionType.Cookie);
            b.WriteVector16(_cookie);
            b.EndVector(c);
        }
        if (includeEarlyData)
        {
            int ed = Extension(b, ExtensionType.EarlyData);
            b.EndVector(ed);
        }
        int binderLength = 0;
        if (_ticket != null)
        {
            // pre_shared_key is last (§4.2.11). obfuscated_ticket_age = age in ms + ticket_age_add mod 2^32.
            int psk = Extension(b, ExtensionType.PreSharedKey);
            int ids = b.BeginVector(2);
            b.WriteVector16(_ticket.Ticket);
            uint ageMs = (uint)Math.Max(0, (long)(now - _ticket.ReceivedAt).TotalMilliseconds);
            b.WriteUInt32(unchecked(ageMs + _ticket.AgeAdd));
            b.EndVector(ids);
            binderLength = TlsCipherSuites.HashLength(_ticket.CipherSuite);
            int binders = b.BeginVector(2);
            b.WriteVector8(new byte[binderLength]); // patched below once the prefix is final
            b.EndVector(binders);
            b.EndVector(psk);
        }
        b.EndVector(exts);
        b.EndVector(msg);
        var hello = b.ToArray();
        if (_ticket != null)
        {
            // binder = HMAC(binder finished key, Transcript-Hash(prior messages + truncated ClientHello)) (§4.2.11.2)
            var early = new TlsKeySchedule(_ticket.CipherSuite, _ticket.Psk);
            var truncated = hello.AsSpan(0, hello.Length - (2 + 1 + binderLength));
            var binder = early.VerifyData(early.BinderFinishedKey(), Transcript.HashWith(early.Hash, truncated));
            binder.CopyTo(hello, hello.Length - binderLength);
        }
        return hello;
    }

    private int Extension(TlsBuffer b, ExtensionType type)
    {
        Mark(type);
        return b.BeginExtension(type);
    }

    private void Mark(ExtensionType type) => _offered.Add((ushort)type);

    private void OnServerHello(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var sh = ServerHelloMessage.Parse(message);
        CheckVersionAndEcho(sh);
        if (!_options.CipherSuites.Contains((CipherSuite)sh.CipherSuite))
            throw new TlsAlertException(AlertDescription.IllegalParameter, $"server chose cipher suite 0x{sh.CipherSuite:x4} we did not offer");
        if (sh.IsHelloRetryRequest)
        {
            OnHelloRetryRequest(sh, message, now);
            return;
        }
        // After an HRR the ServerHello must keep the HRR's suite (§4.1.4).
        if (UsedHelloRetryRequest && NegotiatedCipherSuite != (CipherSuite)sh.CipherSuite)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "ServerHello cipher suite differs from the HelloRetryRequest's");
        sh.Extensions.Check("ServerHello",
            [ExtensionType.SupportedVersions, ExtensionType.KeyShare, ExtensionType.PreSharedKey], _offered);
        var suite = (CipherSuite)sh.CipherSuite;
        NegotiatedCipherSuite = suite;

        byte[]? psk = null;
        if (sh.Extensions.Get(ExtensionType.PreSharedKey) is { } pskBody)
        {
            ushort selected = TlsExtensionCodec.ReadUInt16Body(pskBody, "selected_identity");
            if (_ticket == null || selected != 0)
                throw new TlsAlertException(AlertDescription.IllegalParameter, "server selected a PSK identity we did not offer");
            // The PSK fixes the hash; the suite may differ only in its AEAD (§4.2.11).
            if (TlsCipherSuites.Hash(_ticket.CipherSuite) != TlsCipherSuites.Hash(suite))
                throw new TlsAlertException(AlertDescription.IllegalParameter, "server chose a suite whose hash differs from the PSK's");
            psk = _ticket.Psk;
            IsResumed = true;
            // No Certificate comes (RFC 9846 §2.2): the session's server is the one verified when it began.
            PeerCertificates = TlsCertificateValidator.Parse([.. _ticket.PeerCertificateChain]);
        }
        // Only psk_dhe_ke and certificate modes are offered, so a key share is always needed (§4.2.8).
        var shareBody = sh.Extensions.Get(ExtensionType.KeyShare)
            ?? throw new TlsAlertException(AlertDescription.MissingExtension, "ServerHello without key_share");
        var (group, key) = TlsExtensionCodec.ReadServerShare(shareBody);
        if (group != (ushort)_keyShare!.Group)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "server key share is for a group we sent no share for");
        var shared = _keyShare.Agree(key);
        NegotiatedGroup = _keyShare.Group;
        _keyShare.Dispose();

        Schedule = new TlsKeySchedule(suite, psk);
        Transcript.Append(message);
        DeriveHandshakeSecrets(shared);
        Install(EncryptionLevel.Handshake, TlsKeyDirection.Read, suite, ServerHandshakeSecret!);
        Install(EncryptionLevel.Handshake, TlsKeyDirection.Write, suite, ClientHandshakeSecret!);
        SetReadLevel(EncryptionLevel.Handshake);
        State = TlsHandshakeState.WaitEncryptedExtensions;
    }

    private static void CheckVersionAndEcho(ServerHelloMessage sh)
    {
        // supported_versions decides the version; without it the server picked TLS ≤ 1.2 (§4.1.3, RFC 9001 §4.2).
        var sv = sh.Extensions.Get(ExtensionType.SupportedVersions)
            ?? throw new TlsAlertException(AlertDescription.ProtocolVersion, "server did not select TLS 1.3");
        if (TlsExtensionCodec.ReadUInt16Body(sv, "selected_version") != 0x0304)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "server selected a version we did not offer");
        if (sh.LegacyVersion != 0x0303)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "ServerHello legacy_version must be 0x0303");
        if (sh.LegacySessionIdEcho.Length != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "legacy_session_id_echo does not match");
        if (sh.Compression != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "non-null compression method");
    }

    /// <summary>HelloRetryRequest (§4.1.4): a second ClientHello with the requested share and the cookie.</summary>
    private void OnHelloRetryRequest(ServerHelloMessage hrr, ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        if (UsedHelloRetryRequest)
            throw new TlsAlertException(AlertDescription.UnexpectedMessage, "second HelloRetryRequest");
        var offeredPlusCookie = new HashSet<ushort>(_offered) { (ushort)ExtensionType.Cookie };
        hrr.Extensions.Check("HelloRetryRequest",
            [ExtensionType.SupportedVersions, ExtensionType.KeyShare, ExtensionType.Cookie], offeredPlusCookie);
        var shareBody = hrr.Extensions.Get(ExtensionType.KeyShare);
        var cookieBody = hrr.Extensions.Get(ExtensionType.Cookie);
        if (shareBody == null && cookieBody == null)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "HelloRetryRequest would not change the ClientHello");
        UsedHelloRetryRequest = true;
        var suite = (CipherSuite)hrr.CipherSuite;
        NegotiatedCipherSuite = suite;
        if (shareBody != null)
        {
            var group = TlsExtensionCodec.ReadUInt16Body(shareBody, "selected_group");
            if (!_options.Groups.Contains((NamedGroup)group) || group == (ushort)_keyShare!.Group)
                throw new TlsAlertException(AlertDescription.IllegalParameter, $"HelloRetryRequest asks for unusable group 0x{group:x4}");
            _keyShare.Dispose();
            _keyShare = TlsKeyShare.Create((NamedGroup)group, CommonOptions.Random);
        }
        if (cookieBody != null)
        {
            var r = new TlsReader(cookieBody);
            _cookie = r.ReadVector16("cookie", 1).ToArray();
            r.ExpectEnd("cookie");
        }
        // A PSK whose hash does not fit the chosen suite is dropped from ClientHello2 (§4.1.4).
        if (_ticket != null && TlsCipherSuites.Hash(_ticket.CipherSuite) != TlsCipherSuites.Hash(suite)) _ticket = null;
        var hash = TlsCipherSuites.Hash(suite);
        Transcript.Reset();
        Transcript.Append(TlsTranscript.MessageHash(hash, _clientHello1!));
        Transcript.Append(message);
        // early_data is never offered again after an HRR (§4.2.10); 0-RTT is rejected.
        var hello = BuildClientHello(now, includeEarlyData: false);
        Transcript.Append(hello);
        Send(EncryptionLevel.Initial, hello);
    }
}
