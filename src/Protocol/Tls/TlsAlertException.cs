namespace ActorQuic.Protocol.Tls;

/// <summary>
/// The only exception the TLS engine lets escape for bad peer input, bad local state or a failed
/// verification. It carries the fatal alert the connection closes with: the QUIC layer sends
/// CONNECTION_CLOSE (type 0x1c) with <see cref="ErrorCode"/>, which is CRYPTO_ERROR
/// 0x0100 + alert (RFC 9001 §4.8) except for the few QUIC-specific rules that RFC 9001 maps to a
/// transport error instead (e.g. PROTOCOL_VIOLATION for a non-empty legacy_session_id, §8.4, or
/// a bad max_early_data_size, §4.6.1).
/// </summary>
public sealed class TlsAlertException : Exception
{
    public TlsAlertException(AlertDescription alert, string reason, TransportErrorCode? transportError = null,
        Exception? inner = null)
        : base($"TLS alert {alert} ({(byte)alert}): {reason}", inner)
    {
        Alert = alert;
        Reason = reason;
        ErrorCode = transportError ?? (TransportErrorCode)(0x0100u + (byte)alert);
    }

    /// <summary>The TLS alert description (RFC 9846 §6.2).</summary>
    public AlertDescription Alert { get; }

    /// <summary>A human-readable reason, for CONNECTION_CLOSE reason phrases and logs.</summary>
    public string Reason { get; }

    /// <summary>The QUIC transport error code to close the connection with.</summary>
    public TransportErrorCode ErrorCode { get; }

    /// <summary>The equivalent protocol-layer exception, for callers that only handle <see cref="QuicProtocolException"/>.</summary>
    public QuicProtocolException ToQuicException() => new(ErrorCode, Reason, 0x06 /* CRYPTO frame */);
}
