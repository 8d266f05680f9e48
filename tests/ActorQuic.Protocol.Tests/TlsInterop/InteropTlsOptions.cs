using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Engine options for the interop tests: both roles run the engine in TLS-over-TCP mode (see
/// <see cref="UseTlsOverTcp"/>) with empty transport parameters, as plain TLS 1.3 peers do.
/// </summary>
public static class InteropTlsOptions
{
    public const string Alpn = "aq-interop";

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
            TransportParameters = [], // so no quic_transport_parameters extension is sent
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
            TransportParameters = [], // so none is sent back to a peer that sent none
        };
        UseTlsOverTcp(options);
        return options;
    }

    /// <summary>
    /// Runs the engine over a TLS record layer rather than QUIC: with
    /// <see cref="TlsOptions.RequireQuicTransportParameters"/> off, quic_transport_parameters
    /// (RFC 9001 §8.2) is neither required from the peer nor sent while our parameters are empty,
    /// and a ticket whose max_early_data_size is not 0xffffffff (RFC 9001 §4.6.1, e.g. s_server
    /// -early_data's 16384) is kept for resumption without 0-RTT instead of failing the connection.
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
