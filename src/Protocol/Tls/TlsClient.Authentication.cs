using System.Security.Cryptography.X509Certificates;

namespace ActorQuic.Protocol.Tls;

// EncryptedExtensions through the client's Finished (RFC 9846 §4.3, §4.4), and tickets (§4.6.1).
public sealed partial class TlsClient
{
    private X509Certificate2? _serverLeaf;

    private void OnEncryptedExtensions(ReadOnlySpan<byte> message)
    {
        var r = new TlsReader(message[4..]);
        var exts = TlsExtensions.Parse(ref r, "EncryptedExtensions");
        r.ExpectEnd("EncryptedExtensions");
        exts.Check("EncryptedExtensions",
        [
            ExtensionType.ServerName, ExtensionType.SupportedGroups, ExtensionType.ApplicationLayerProtocolNegotiation,
            ExtensionType.EarlyData, ExtensionType.QuicTransportParameters,
        ], _offered);
        if (exts.Get(ExtensionType.ServerName) is { Length: > 0 })
            throw new TlsAlertException(AlertDescription.DecodeError, "server_name in EncryptedExtensions must be empty");

        // ALPN is mandatory for QUIC; a client also fails with no_application_protocol (RFC 9001 §8.1).
        var alpnBody = exts.Get(ExtensionType.ApplicationLayerProtocolNegotiation)
            ?? throw new TlsAlertException(AlertDescription.NoApplicationProtocol, "server did not negotiate ALPN");
        var alpn = TlsExtensionCodec.ReadAlpn(alpnBody);
        if (alpn.Count != 1 || !_options.ApplicationProtocols.Contains(alpn[0]))
            throw new TlsAlertException(AlertDescription.NoApplicationProtocol, "server selected an ALPN protocol we did not offer");
        NegotiatedApplicationProtocol = alpn[0];

        PeerTransportParameters = exts.Get(ExtensionType.QuicTransportParameters)
            ?? (_options.RequireQuicTransportParameters
                ? throw new TlsAlertException(AlertDescription.MissingExtension, "EncryptedExtensions without quic_transport_parameters")
                : []);

        if (exts.Get(ExtensionType.EarlyData) is { } ed)
        {
            if (ed.Length != 0) throw new TlsAlertException(AlertDescription.DecodeError, "early_data in EncryptedExtensions must be empty");
            // Accepting 0-RTT requires the first PSK and the original ALPN (§4.2.10).
            if (!IsResumed || !_earlyDataOffered || UsedHelloRetryRequest || NegotiatedApplicationProtocol != _ticket!.Alpn)
                throw new TlsAlertException(AlertDescription.IllegalParameter, "server accepted early data it cannot accept");
            EarlyDataAccepted = true;
        }
        Transcript.Append(message);
        Emit(new TlsPeerTransportParametersEvent(PeerTransportParameters));
        Emit(new TlsAlpnNegotiatedEvent(NegotiatedApplicationProtocol));
        if (_earlyDataOffered) Emit(new TlsEarlyDataEvent(EarlyDataAccepted));
        State = IsResumed ? TlsHandshakeState.WaitFinished : TlsHandshakeState.WaitCertificateOrCertificateRequest;
    }

    private void OnCertificateRequest(ReadOnlySpan<byte> message)
    {
        var (_, schemes) = CertificateRequestMessage.Parse(message);
        _certificateRequested = true;
        _requestedSchemes = schemes;
        Transcript.Append(message);
        State = TlsHandshakeState.WaitCertificate;
    }

    private void OnCertificate(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var (context, chain) = CertificateMessage.Parse(message);
        if (context.Length != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "server Certificate context must be empty");
        if (chain.Count == 0)
            throw new TlsAlertException(AlertDescription.DecodeError, "server sent no certificate"); // §4.4.2.4
        var certs = TlsCertificateValidator.Parse(chain);
        TlsCertificateValidator.Validate(certs, peerIsServer: true, _options.ServerName,
            _options.InsecureSkipCertificateValidation, _options.TrustedRoots, _options.CertificateValidationCallback, now);
        PeerCertificates = certs;
        _serverLeaf = certs[0];
        Transcript.Append(message);
        State = TlsHandshakeState.WaitCertificateVerify;
    }

    private void OnCertificateVerify(ReadOnlySpan<byte> message)
    {
        VerifyCertificateVerify(message, _serverLeaf!, peerIsServer: true);
        Transcript.Append(message);
        State = TlsHandshakeState.WaitFinished;
    }

    private void OnFinished(ReadOnlySpan<byte> message)
    {
        VerifyFinished(message, ServerHandshakeSecret!);
        Transcript.Append(message);
        DeriveApplicationSecrets();

        if (_certificateRequested)
        {
            // No usable certificate → an empty Certificate; the server decides (§4.4.2).
            var cert = _options.ClientCertificate;
            var scheme = cert == null ? null : ChooseScheme(cert, _requestedSchemes);
            var certMessage = CertificateMessage.Encode([], scheme == null ? [] : cert!.ChainDer);
            Transcript.Append(certMessage);
            Send(EncryptionLevel.Handshake, certMessage);
            if (scheme is SignatureScheme s)
            {
                var cv = BuildCertificateVerify(cert!, s, server: false);
                Transcript.Append(cv);
                Send(EncryptionLevel.Handshake, cv);
            }
        }
        var finished = BuildFinished(ClientHandshakeSecret!);
        Transcript.Append(finished);
        Send(EncryptionLevel.Handshake, finished);
        _resumptionSecret = Keys.DeriveSecret("res master", TranscriptHash());

        var suite = Suite;
        Install(EncryptionLevel.OneRtt, TlsKeyDirection.Read, suite, ServerApplicationSecret!);
        Install(EncryptionLevel.OneRtt, TlsKeyDirection.Write, suite, ClientApplicationSecret!);
        SetReadLevel(EncryptionLevel.OneRtt);
        State = TlsHandshakeState.Connected;
        Emit(new TlsHandshakeCompletedEvent(IsResumed, EarlyDataAccepted));
    }

    private void OnNewSessionTicket(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var nst = NewSessionTicketMessage.Parse(message);
        if (nst.Lifetime > 604800)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "ticket lifetime over 7 days"); // §4.6.1
        bool allowsEarlyData = nst.MaxEarlyDataSize.HasValue;
        if (nst.MaxEarlyDataSize is uint max && max != 0xffffffff)
        {
            if (_options.RequireQuicTransportParameters)
                throw new TlsAlertException(AlertDescription.IllegalParameter, "max_early_data_size must be 0xffffffff",
                    TransportErrorCode.ProtocolViolation); // RFC 9001 §4.6.1
            allowsEarlyData = false; // a TLS-over-TCP limit: resumable, but not for 0-RTT
        }
        if (nst.Lifetime == 0) return; // "a value of zero indicates that the ticket should be discarded immediately"
        var psk = Keys.TicketPsk(_resumptionSecret!, nst.Nonce);
        var ticket = new TlsSessionTicket(nst.Ticket, Suite, psk, nst.AgeAdd, nst.Lifetime, now,
            allowsEarlyData, NegotiatedApplicationProtocol, _options.ServerName, PeerTransportParameters!,
            PeerCertificates.Select(c => c.RawData).ToArray());
        Emit(new TlsSessionTicketEvent(ticket));
    }
}
