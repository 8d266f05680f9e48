using System.Net.Security;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// What a client keeps to resume a session (RFC 9846 §4.6.1) and maybe send 0-RTT (RFC 9001 §4.6).
/// Besides the TLS state it carries what QUIC must remember for 0-RTT: the ALPN and the server's
/// transport parameters from the original connection (RFC 9000 §7.4.1), plus an opaque
/// <see cref="ApplicationData"/> slot for application settings (e.g. HTTP/3 SETTINGS). Single use:
/// the server refuses a ticket seen before.
/// </summary>
public sealed class TlsSessionTicket
{
    internal TlsSessionTicket(byte[] ticket, CipherSuite suite, byte[] psk, uint ageAdd, uint lifetimeSeconds,
        DateTimeOffset receivedAt, bool allowsEarlyData, SslApplicationProtocol alpn, string? serverName,
        byte[] peerTransportParameters)
    {
        Ticket = ticket;
        CipherSuite = suite;
        Psk = psk;
        AgeAdd = ageAdd;
        LifetimeSeconds = lifetimeSeconds;
        ReceivedAt = receivedAt;
        AllowsEarlyData = allowsEarlyData;
        Alpn = alpn;
        ServerName = serverName;
        PeerTransportParameters = peerTransportParameters;
    }

    /// <summary>The opaque ticket identity sent back in pre_shared_key.</summary>
    public byte[] Ticket { get; }
    public CipherSuite CipherSuite { get; }
    internal byte[] Psk { get; }
    internal uint AgeAdd { get; }
    public uint LifetimeSeconds { get; }
    public DateTimeOffset ReceivedAt { get; }
    /// <summary>The server sent early_data with max_early_data_size 0xffffffff (RFC 9001 §4.6.1).</summary>
    public bool AllowsEarlyData { get; }
    /// <summary>The ALPN of the connection that issued the ticket; 0-RTT must use the same.</summary>
    public SslApplicationProtocol Alpn { get; }
    public string? ServerName { get; }
    /// <summary>The server's transport parameters from that connection, to apply to 0-RTT (RFC 9000 §7.4.1).</summary>
    public byte[] PeerTransportParameters { get; }
    /// <summary>Opaque application state stored with the ticket by the QUIC/application layer.</summary>
    public byte[]? ApplicationData { get; set; }

    public bool IsExpired(DateTimeOffset now) => now < ReceivedAt || now - ReceivedAt >= TimeSpan.FromSeconds(LifetimeSeconds);
}
