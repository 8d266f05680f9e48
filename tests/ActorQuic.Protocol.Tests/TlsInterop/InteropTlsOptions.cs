using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Engine options for the interop tests, in one place so that switching the engine to "TLS over
/// TCP" mode (no quic_transport_parameters required or sent, RFC 9001 §8.2 not applying) is a
/// one-line change in <see cref="UseTlsOverTcp"/> once the engine has such an option.
/// </summary>
public static class InteropTlsOptions
{
    public const string Alpn = "aq-interop";

    /// <summary>Flip to true together with the one-line change in <see cref="UseTlsOverTcp"/>.</summary>
    public const bool EngineHasTlsOverTcpMode = true;

    public const string NoTlsOverTcpModeMessage =
        "Needs an engine option to run TLS over TCP without quic_transport_parameters (0x39): OpenSSL cannot " +
        "send it here (not in a resumed EncryptedExtensions via -serverinfo; never from s_client in a TLS 1.3 context). " +
        "See InteropTlsOptions.UseTlsOverTcp.";

    public static TlsClientOptions Client(TestCertificateSet trust, CipherSuite suite, IList<NamedGroup> groups, int seed,
        TlsSessionTicket? ticket = null)
    {
        var options = new TlsClientOptions
        {
            ServerName = "localhost",
            TrustedRoots = [X509CertificateLoader.LoadCertificate(trust.CaCertificateDer)],
            ApplicationProtocols = [new SslApplicationProtocol(Alpn)],
            CipherSuites = [suite],
            Groups = groups,
            Random = Seeded(seed),
            SessionTicket = ticket,
            // Sent empty so that s_server's -serverinfo echoes transport parameters back
            // (see OpenSslQuicTransportParameters).
            TransportParameters = [],
        };
        UseTlsOverTcp(options);
        return options;
    }

    public static TlsServerOptions Server(TestCertificateSet certs, IList<CipherSuite> suites, IList<NamedGroup> groups, int seed)
    {
        var ticketKey = new byte[32];
        new Random(seed).NextBytes(ticketKey);
        var options = new TlsServerOptions
        {
            Certificate = TlsCertificate.FromPemFiles(certs.LeafCertificatePath, certs.LeafKeyPath),
            ApplicationProtocols = [new SslApplicationProtocol(Alpn)],
            CipherSuites = suites,
            Groups = groups,
            Random = Seeded(seed),
            SessionTicketKey = ticketKey,
            SessionTicketCount = 1,
            TransportParameters = [],
        };
        UseTlsOverTcp(options);
        return options;
    }

    /// <summary>
    /// Today's engine has no switch for TLS over TCP: it always sends quic_transport_parameters, fails
    /// without the peer's (missing_extension) and rejects tickets whose max_early_data_size is not
    /// 0xffffffff (RFC 9001 §4.6.1). The switch asked of the engine is a test-only
    /// <c>TlsOptions.TlsOverTcp</c>: omit 0x39 unless we have parameters / the peer sent it, don't
    /// require it, accept any max_early_data_size (as a ticket without 0-RTT). Once it exists, this
    /// body becomes <c>options.TlsOverTcp = true;</c> and <see cref="EngineHasTlsOverTcpMode"/> true.
    /// </summary>
    public static void UseTlsOverTcp(TlsOptions options)
    {
        options.RequireQuicTransportParameters = false;
    }

    /// <summary>Deterministic randomness for hello randoms and ephemeral keys the engine generates itself.</summary>
    public static Action<Span<byte>> Seeded(int seed)
    {
        var random = new Random(seed);
        return span =>
        {
            lock (random)
                random.NextBytes(span);
        };
    }
}
