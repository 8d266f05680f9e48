using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

// ClientHello processing and negotiation (RFC 9846 §4.1.1, §4.1.2, §4.1.4, §4.2; RFC 9001 §8).
public sealed partial class TlsServer
{
    private void OnClientHello(ReadOnlySpan<byte> message, DateTimeOffset now, bool second)
    {
        var ch = ClientHelloMessage.Parse(message);
        if (ch.SupportedVersions == null || !ch.SupportedVersions.Contains(0x0304))
            throw new TlsAlertException(AlertDescription.ProtocolVersion, "client does not offer TLS 1.3"); // RFC 9001 §4.2
        if (ch.LegacySessionIdLength != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "non-empty legacy_session_id (middlebox compatibility mode)",
                TransportErrorCode.ProtocolViolation); // RFC 9001 §8.4

        CipherSuite suite = _options.CipherSuites.FirstOrDefault(s => ch.CipherSuites.Contains((ushort)s));
        if (suite == default) throw new TlsAlertException(AlertDescription.HandshakeFailure, "no cipher suite in common");

        _peerSentTransportParameters = ch.TransportParameters != null;
        var transportParameters = ch.TransportParameters
            ?? (_options.RequireQuicTransportParameters
                ? throw new TlsAlertException(AlertDescription.MissingExtension, "ClientHello without quic_transport_parameters") // RFC 9001 §8.2
                : []);
        if (ch.Alpn == null)
            throw new TlsAlertException(AlertDescription.NoApplicationProtocol, "ClientHello without ALPN"); // RFC 9001 §8.1
        var alpn = _options.ApplicationProtocols.FirstOrDefault(p => ch.Alpn.Contains(p));
        if (alpn.Protocol.IsEmpty) throw new TlsAlertException(AlertDescription.NoApplicationProtocol, "no ALPN protocol in common");

        // Key exchange (§4.2.7, §4.2.8, §9.2): shares must follow supported_groups, one per group.
        if (ch.KeyShares == null) throw new TlsAlertException(AlertDescription.MissingExtension, "ClientHello without key_share");
        if (ch.Groups == null) throw new TlsAlertException(AlertDescription.MissingExtension, "key_share without supported_groups");
        var seen = new HashSet<ushort>();
        foreach (var (g, _) in ch.KeyShares)
            if (!seen.Add(g) || !ch.Groups.Contains(g))
                throw new TlsAlertException(AlertDescription.IllegalParameter, $"key share for group 0x{g:x4} duplicated or not in supported_groups");
        NamedGroup group = _options.Groups.FirstOrDefault(g => ch.Groups.Contains((ushort)g));
        if (group == default) throw new TlsAlertException(AlertDescription.HandshakeFailure, "no key exchange group in common");
        int shareIndex = ch.KeyShares.FindIndex(s => s.Group == (ushort)group);

        if (second)
        {
            // ClientHello2 must answer the HRR exactly (§4.1.4, §4.2.10).
            if (suite != _hrrSuite) throw new TlsAlertException(AlertDescription.IllegalParameter, "cipher suite changed after HelloRetryRequest");
            if (ch.KeyShares.Count != 1 || shareIndex != 0 || group != _hrrGroup)
                throw new TlsAlertException(AlertDescription.IllegalParameter, "second ClientHello lacks the requested key share");
            if (ch.EarlyData) throw new TlsAlertException(AlertDescription.IllegalParameter, "early_data after HelloRetryRequest");
        }
        else if (shareIndex < 0)
        {
            SendHelloRetryRequest(message, suite, group);
            // An HRR always rejects 0-RTT (RFC 9001 §4.6.2): the QUIC layer must drop 0-RTT packets.
            if (ch.EarlyData) Emit(new TlsEarlyDataEvent(false));
            return;
        }

        // Certificate or PSK authentication.
        ServerName = ch.ServerName;
        _clientOffersTickets = ch.PskModes?.Contains(1) == true;
        var resumption = TryResume(ch, message, suite, alpn, now);
        if (resumption == null) ChooseCertificate(ch);

        Transcript.Append(message);
        NegotiatedCipherSuite = suite;
        NegotiatedGroup = group;
        NegotiatedApplicationProtocol = alpn;
        PeerTransportParameters = transportParameters;
        Schedule = new TlsKeySchedule(suite, resumption?.Psk);
        // Announced first so the QUIC layer can validate them before anything is sent (RFC 9001 §8.2).
        Emit(new TlsPeerTransportParametersEvent(transportParameters));
        Emit(new TlsAlpnNegotiatedEvent(alpn));
        if (ch.EarlyData)
        {
            EarlyDataAccepted = resumption?.AcceptEarlyData == true;
            if (EarlyDataAccepted)
            {
                // 0-RTT read keys right after the ClientHello (RFC 9001 §4.1.4).
                Install(EncryptionLevel.ZeroRtt, TlsKeyDirection.Read, suite, Keys.DeriveSecret("c e traffic", TranscriptHash()));
            }
            Emit(new TlsEarlyDataEvent(EarlyDataAccepted));
        }
        SendServerFlight(ch.KeyShares[shareIndex].Key, group, resumption != null);
    }

    private void SendHelloRetryRequest(ReadOnlySpan<byte> clientHello1, CipherSuite suite, NamedGroup group)
    {
        // No cookie: QUIC validates addresses with Retry instead (RFC 9001 §4.7).
        var hrr = ServerHelloMessage.Encode(ServerHelloMessage.HelloRetryRequestRandom, (ushort)suite, b =>
        {
            int ks = b.BeginExtension(ExtensionType.KeyShare);
            b.WriteUInt16((ushort)group);
            b.EndVector(ks);
        });
        // Transcript restarts with message_hash(ClientHello1) (§4.4.1).
        Transcript.Append(TlsTranscript.MessageHash(TlsCipherSuites.Hash(suite), clientHello1));
        Transcript.Append(hrr);
        Send(EncryptionLevel.Initial, hrr);
        _hrrSuite = suite;
        _hrrGroup = group;
        UsedHelloRetryRequest = true;
        State = TlsHandshakeState.WaitSecondClientHello;
    }

    private void ChooseCertificate(ClientHelloMessage ch)
    {
        if (ch.SignatureAlgorithms == null)
            throw new TlsAlertException(AlertDescription.MissingExtension, "ClientHello without signature_algorithms"); // §9.2
        _certificate = _options.CertificateSelector?.Invoke(ch.ServerName) ?? _options.Certificate
            ?? throw new TlsAlertException(AlertDescription.UnrecognizedName, $"no certificate for '{ch.ServerName}'");
        _scheme = ChooseScheme(_certificate, ch.SignatureAlgorithms)
            ?? throw new TlsAlertException(AlertDescription.HandshakeFailure, "client accepts no signature scheme our certificate can produce");
    }

    private void SendServerFlight(byte[] clientShare, NamedGroup group, bool resumed)
    {
        using var share = TlsKeyShare.Create(group, CommonOptions.Random);
        var shared = share.Agree(clientShare);
        var suite = NegotiatedCipherSuite!.Value;
        var sh = ServerHelloMessage.Encode(RandomBytes(32), (ushort)suite, b =>
        {
            int ks = b.BeginExtension(ExtensionType.KeyShare);
            b.WriteUInt16((ushort)group);
            b.WriteVector16(share.PublicKey);
            b.EndVector(ks);
            if (resumed)
            {
                int psk = b.BeginExtension(ExtensionType.PreSharedKey);
                b.WriteUInt16(0); // selected_identity: only the first identity is considered
                b.EndVector(psk);
            }
        });
        Transcript.Append(sh);
        Send(EncryptionLevel.Initial, sh);
        DeriveHandshakeSecrets(shared);
        Install(EncryptionLevel.Handshake, TlsKeyDirection.Read, suite, ClientHandshakeSecret!);
        Install(EncryptionLevel.Handshake, TlsKeyDirection.Write, suite, ServerHandshakeSecret!);
        SetReadLevel(EncryptionLevel.Handshake);

        var ee = new TlsBuffer();
        int msg = ee.BeginMessage(HandshakeType.EncryptedExtensions);
        int exts = ee.BeginVector(2);
        TlsExtensionCodec.WriteAlpn(ee, [NegotiatedApplicationProtocol]);
        if (_options.RequireQuicTransportParameters || _peerSentTransportParameters)
            TlsExtensionCodec.WriteOpaque(ee, ExtensionType.QuicTransportParameters, _options.TransportParameters);
        if (EarlyDataAccepted) TlsExtensionCodec.WriteOpaque(ee, ExtensionType.EarlyData, []);
        ee.EndVector(exts);
        ee.EndVector(msg);
        SendHandshake(ee.ToArray());

        bool requestCertificate = !resumed && _options.ClientCertificateMode != TlsClientCertificateMode.None;
        if (!resumed)
        {
            if (requestCertificate) SendHandshake(CertificateRequestMessage.Encode(OurSignatureSchemes.Select(s => (ushort)s)));
            SendHandshake(CertificateMessage.Encode([], _certificate!.ChainDer));
            SendHandshake(BuildCertificateVerify(_certificate, _scheme, server: true));
        }
        SendHandshake(BuildFinished(ServerHandshakeSecret!));
        DeriveApplicationSecrets();
        // The server may send 0.5-RTT data right away; it reads 1-RTT only after the client's Finished.
        Install(EncryptionLevel.OneRtt, TlsKeyDirection.Write, suite, ServerApplicationSecret!);
        State = requestCertificate ? TlsHandshakeState.WaitClientCertificate : TlsHandshakeState.WaitClientFinished;
    }

    private void SendHandshake(byte[] message)
    {
        Transcript.Append(message);
        Send(EncryptionLevel.Handshake, message);
    }
}
