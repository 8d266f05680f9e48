using System.Net.Security;
using ActorQuic.ConnectionActors;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;
using ActorQuic.Protocol.Transport;

namespace ActorQuic.Streams;

/// <summary>What client and server connections share: ALPN, timers, limits, cipher suites and stream stage tuning.</summary>
public abstract class QuicConnectionOptions
{
    /// <summary>The most streams of each kind the peer may open at once (RFC 9000 §4.6; at most 2^60).</summary>
    public const long MaxStreamLimit = 1L << 60;

    /// <summary>ALPN protocols in preference order; at least one is required (RFC 9001 §8.1).</summary>
    public IList<SslApplicationProtocol> ApplicationProtocols { get; set; } = new List<SslApplicationProtocol>();

    /// <summary>Our max_idle_timeout (RFC 9000 §10.1); zero advertises none. Default 30 s. Whole milliseconds.</summary>
    public TimeSpan IdleTimeout { get; set; } = ConnectionLifecycleOptions.DefaultMaxIdleTimeout;

    /// <summary>Send a PING after this much quiet (RFC 9000 §10.1.2); null: off. Must be shorter than <see cref="IdleTimeout"/>.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary>Bidirectional streams the peer may open (initial_max_streams_bidi). Default 100.</summary>
    public long MaxInboundBidirectionalStreams { get; set; } = 100;

    /// <summary>Unidirectional streams the peer may open (initial_max_streams_uni). Default 100.</summary>
    public long MaxInboundUnidirectionalStreams { get; set; } = 100;

    /// <summary>TLS 1.3 cipher suites in preference order; null: all (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305).</summary>
    public IList<CipherSuite>? CipherSuites { get; set; }

    /// <summary>Offer DATAGRAM frames (RFC 9221 §3, max_datagram_frame_size 65535). Default off.</summary>
    public bool EnableDatagrams { get; set; }

    /// <summary>The most bytes one element of <see cref="QuicStream.Incoming"/> carries (one ReadStream). Default 64 KiB.</summary>
    public int StreamReadChunkSize { get; set; } = QuicStreamSettings.Default.ReadChunkSize;

    /// <summary>Bytes a stream's writer may have unacknowledged before it back-pressures. Default 1 MiB.</summary>
    public long StreamWriteWindow { get; set; } = QuicStreamSettings.Default.WriteWindow;

    /// <summary>The application code of STOP_SENDING / RESET_STREAM when a stream stage is cancelled or fails. Default 0.</summary>
    public long DefaultStreamErrorCode { get; set; }

    /// <summary>The application code of CONNECTION_CLOSE when a connection is disposed. Default 0.</summary>
    public long DefaultCloseErrorCode { get; set; }

    /// <summary>
    /// Initiate a 1-RTT key update (RFC 9001 §6) after this many packets with the current keys,
    /// whenever one is allowed; null: only near the AEAD limits. Peer-initiated updates are always followed.
    /// </summary>
    public ulong? KeyUpdateAfterPackets { get; set; }

    /// <summary>The congestion controller (RFC 9002 §7): CUBIC by default, or NewReno.</summary>
    public ActorQuic.Protocol.Recovery.CongestionControlAlgorithm CongestionControl { get; set; }

    /// <summary>
    /// Write one qlog file per connection (qlog 0.3 JSON-SEQ, as qvis opens) into this directory,
    /// named <c>&lt;odcid-hex&gt;_&lt;server|client&gt;.sqlog</c>; created when missing. Null (the default): no qlog.
    /// A file that cannot be created leaves that connection without qlog (a logged warning), never fails it.
    /// </summary>
    public string? QlogDirectory { get; set; }

    private protected void ValidateCommon()
    {
        if (ApplicationProtocols is null || ApplicationProtocols.Count == 0)
            throw new ArgumentException("at least one ALPN protocol is required (RFC 9001 §8.1)", nameof(ApplicationProtocols));
        foreach (var protocol in ApplicationProtocols)
        {
            if (protocol.Protocol.Length is 0 or > 255)
                throw new ArgumentException("each ALPN protocol is 1-255 bytes", nameof(ApplicationProtocols));
        }
        if (IdleTimeout < TimeSpan.Zero || IdleTimeout.TotalMilliseconds > 1L << 40)
            throw new ArgumentOutOfRangeException(nameof(IdleTimeout), IdleTimeout, "must be zero (none) or positive");
        if (KeyUpdateAfterPackets == 0)
            throw new ArgumentOutOfRangeException(nameof(KeyUpdateAfterPackets), KeyUpdateAfterPackets, "must be at least one packet per key phase");
        if (KeepAliveInterval is { } keepAlive && (keepAlive <= TimeSpan.Zero || (IdleTimeout > TimeSpan.Zero && keepAlive >= IdleTimeout)))
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), keepAlive, $"must be positive and shorter than {nameof(IdleTimeout)} ({IdleTimeout})");
        if (MaxInboundBidirectionalStreams is < 0 or > MaxStreamLimit)
            throw new ArgumentOutOfRangeException(nameof(MaxInboundBidirectionalStreams), MaxInboundBidirectionalStreams, "0..2^60 (RFC 9000 §4.6)");
        if (MaxInboundUnidirectionalStreams is < 0 or > MaxStreamLimit)
            throw new ArgumentOutOfRangeException(nameof(MaxInboundUnidirectionalStreams), MaxInboundUnidirectionalStreams, "0..2^60 (RFC 9000 §4.6)");
        if (CipherSuites is not null)
        {
            if (CipherSuites.Count == 0)
                throw new ArgumentException("name at least one cipher suite, or leave CipherSuites null for all", nameof(CipherSuites));
            foreach (var suite in CipherSuites)
            {
                if (suite is not (CipherSuite.Aes128GcmSha256 or CipherSuite.Aes256GcmSha384 or CipherSuite.ChaCha20Poly1305Sha256))
                    throw new ArgumentException($"unsupported cipher suite 0x{(ushort)suite:x4}", nameof(CipherSuites));
            }
        }
        if (StreamReadChunkSize is < 1 or > 16 * 1024 * 1024)
            throw new ArgumentOutOfRangeException(nameof(StreamReadChunkSize), StreamReadChunkSize, "1 byte to 16 MiB");
        if (StreamWriteWindow < 1)
            throw new ArgumentOutOfRangeException(nameof(StreamWriteWindow), StreamWriteWindow, "must be positive");
        if (QlogDirectory is not null && string.IsNullOrWhiteSpace(QlogDirectory))
            throw new ArgumentException("name a directory, or leave QlogDirectory null for no qlog", nameof(QlogDirectory));
        CheckErrorCode(DefaultStreamErrorCode, nameof(DefaultStreamErrorCode));
        CheckErrorCode(DefaultCloseErrorCode, nameof(DefaultCloseErrorCode));
    }

    private static void CheckErrorCode(long code, string name)
    {
        if (code < 0 || (ulong)code > ActorQuic.Protocol.Wire.QuicVarint.MaxValue)
            throw new ArgumentOutOfRangeException(name, code, "an application error code is a varint (0..2^62-1)");
    }

    internal TransportParameters ToTransportParameters() => ConnectionOptions.DefaultParameters with
    {
        MaxIdleTimeoutMs = (ulong)IdleTimeout.TotalMilliseconds,
        InitialMaxStreamsBidi = (ulong)MaxInboundBidirectionalStreams,
        InitialMaxStreamsUni = (ulong)MaxInboundUnidirectionalStreams,
        // RFC 9221 §3: 65535 allows any DATAGRAM frame that fits in a packet.
        MaxDatagramFrameSize = EnableDatagrams ? 65_535UL : null,
    };

    internal ConnectionLifecycleOptions ToLifecycle() => new()
    {
        // Whole milliseconds, as advertised in the transport parameter.
        MaxIdleTimeout = TimeSpan.FromMilliseconds((long)IdleTimeout.TotalMilliseconds),
        KeepAliveInterval = KeepAliveInterval,
    };

    internal QuicStreamSettings ToStreamSettings() => new(StreamReadChunkSize, StreamWriteWindow, DefaultStreamErrorCode);

    private protected void ApplyTo(TlsOptions tls)
    {
        tls.ApplicationProtocols = new List<SslApplicationProtocol>(ApplicationProtocols);
        if (CipherSuites is not null) tls.CipherSuites = new List<CipherSuite>(CipherSuites);
    }
}
