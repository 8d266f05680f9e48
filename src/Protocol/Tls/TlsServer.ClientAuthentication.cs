namespace ActorQuic.Protocol.Tls;

// The client's second flight: optional Certificate + CertificateVerify, then Finished (RFC 9846 §4.4).
public sealed partial class TlsServer
{
    private void OnClientCertificate(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        var (context, chain) = CertificateMessage.Parse(message);
        if (context.Length != 0)
            throw new TlsAlertException(AlertDescription.IllegalParameter, "client Certificate context does not echo the request");
        if (chain.Count == 0)
        {
            // An empty Certificate declines authentication (§4.4.2.4).
            if (_options.ClientCertificateMode == TlsClientCertificateMode.Require)
                throw new TlsAlertException(AlertDescription.CertificateRequired, "client sent no certificate");
            Transcript.Append(message);
            State = TlsHandshakeState.WaitClientFinished;
            return;
        }
        var certs = TlsCertificateValidator.Parse(chain);
        TlsCertificateValidator.Validate(certs, peerIsServer: false, serverName: null,
            _options.InsecureSkipClientCertificateValidation, _options.ClientCertificateTrustedRoots,
            _options.ClientCertificateValidationCallback, now);
        PeerCertificates = certs;
        _clientLeaf = certs[0];
        Transcript.Append(message);
        State = TlsHandshakeState.WaitClientCertificateVerify;
    }

    private void OnClientCertificateVerify(ReadOnlySpan<byte> message)
    {
        VerifyCertificateVerify(message, _clientLeaf!, peerIsServer: false);
        Transcript.Append(message);
        State = TlsHandshakeState.WaitClientFinished;
    }

    private void OnClientFinished(ReadOnlySpan<byte> message, DateTimeOffset now)
    {
        VerifyFinished(message, ClientHandshakeSecret!);
        Transcript.Append(message);
        _resumptionSecret = Keys.DeriveSecret("res master", TranscriptHash());
        Install(EncryptionLevel.OneRtt, TlsKeyDirection.Read, NegotiatedCipherSuite!.Value, ClientApplicationSecret!);
        SetReadLevel(EncryptionLevel.OneRtt);
        State = TlsHandshakeState.Connected;
        Emit(new TlsHandshakeCompletedEvent(IsResumed, EarlyDataAccepted));
        for (int i = 0; i < _options.SessionTicketCount; i++) SendTicket(now, TicketApplicationData);
    }
}
