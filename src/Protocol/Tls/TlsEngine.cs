using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A TLS 1.3 handshake engine for QUIC (RFC 9001 §4): no record layer, no I/O, no clock.
/// <para>
/// The QUIC connection feeds in-order CRYPTO stream bytes per encryption level with
/// <see cref="HandleCryptoData"/> (messages may be split across calls or several per call) and then
/// drains <see cref="TlsEvent"/>s with <see cref="TryDequeueEvent"/>: handshake bytes to send per
/// level, key installs, the peer's transport parameters, the ALPN, 0-RTT decisions, completion and
/// (client) session tickets. Any failure throws <see cref="TlsAlertException"/>, whose
/// <see cref="TlsAlertException.ErrorCode"/> goes into CONNECTION_CLOSE; the engine then stays
/// <see cref="TlsHandshakeState.Failed"/>. Not thread-safe: one connection drives it.
/// </para>
/// </summary>
public abstract partial class TlsEngine
{
    private readonly Queue<TlsEvent> _events = new();
    private readonly byte[][] _input = new byte[4][];
    private readonly int[] _inputLength = new int[4];
    private readonly TlsOptions _options;
    private TlsAlertException? _failure;

    private protected TlsEngine(TlsOptions options)
    {
        _options = options;
    }

    public abstract bool IsClient { get; }

    public TlsHandshakeState State { get; private protected set; } = TlsHandshakeState.Start;

    public bool IsHandshakeComplete => State == TlsHandshakeState.Connected;

    /// <summary>The alert that ended the handshake, if any.</summary>
    public TlsAlertException? Failure => _failure;

    public CipherSuite? NegotiatedCipherSuite { get; private protected set; }
    public NamedGroup? NegotiatedGroup { get; private protected set; }
    public SslApplicationProtocol NegotiatedApplicationProtocol { get; private protected set; }
    public byte[]? PeerTransportParameters { get; private protected set; }
    /// <summary>The peer's chain (leaf first) once received; empty for PSK resumption or no client certificate.</summary>
    public IReadOnlyList<X509Certificate2> PeerCertificates { get; private protected set; } = [];
    /// <summary>Server name: the one configured (client) or received in SNI (server).</summary>
    public string? ServerName { get; private protected set; }
    public bool IsResumed { get; private protected set; }
    public bool EarlyDataAccepted { get; private protected set; }
    public bool UsedHelloRetryRequest { get; private protected set; }

    /// <summary>The encryption level at which the next handshake bytes are expected.</summary>
    public EncryptionLevel ReadLevel { get; private set; } = EncryptionLevel.Initial;

    public bool TryDequeueEvent(out TlsEvent tlsEvent) => _events.TryDequeue(out tlsEvent!);

    /// <summary>Drains all pending events.</summary>
    public List<TlsEvent> DrainEvents()
    {
        var list = new List<TlsEvent>(_events);
        _events.Clear();
        return list;
    }

    /// <summary>
    /// Feeds in-order CRYPTO bytes received at <paramref name="level"/>. <paramref name="now"/> is used for
    /// certificate validity and ticket ages. Throws <see cref="TlsAlertException"/> on any failure.
    /// </summary>
    public void HandleCryptoData(EncryptionLevel level, ReadOnlySpan<byte> data, DateTimeOffset now)
    {
        if (_failure != null) throw _failure;
        if (data.IsEmpty) return;
        try
        {
            Consume(level, data, now);
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    private protected void Guard(Action action)
    {
        if (_failure != null) throw _failure;
        try
        {
            action();
        }
        catch (Exception e)
        {
            throw Fail(e);
        }
    }

    private TlsAlertException Fail(Exception e)
    {
        // Anything but an alert is a bug or an unexpected library failure: still end in an alert
        // so the connection closes cleanly (RFC 9846 §6.2 internal_error).
        _failure = e as TlsAlertException ?? new TlsAlertException(AlertDescription.InternalError, e.Message, inner: e);
        State = TlsHandshakeState.Failed;
        return _failure;
    }

    private void Consume(EncryptionLevel level, ReadOnlySpan<byte> data, DateTimeOffset now)
    {
        // CRYPTO frames are never valid in 0-RTT packets (RFC 9001 §8.3), and TLS reads one level at a
        // time: bytes at any other level mean the peer sent a message at the wrong level.
        if (level == EncryptionLevel.ZeroRtt)
            throw new TlsAlertException(AlertDescription.UnexpectedMessage, "handshake data in 0-RTT", TransportErrorCode.ProtocolViolation);
        if (level != ReadLevel)
            throw new TlsAlertException(AlertDescription.UnexpectedMessage, $"handshake data at {level} while reading {ReadLevel}");
        int i = (int)level;
        _input[i] ??= new byte[256];
        while (!data.IsEmpty)
        {
            if (_failure != null) return;
            if (level != ReadLevel)
                throw new TlsAlertException(AlertDescription.UnexpectedMessage, $"more {level} data after the level changed");
            int have = _inputLength[i];
            int need = have < 4 ? 4 - have : 4 + (_input[i][1] << 16 | _input[i][2] << 8 | _input[i][3]) - have;
            int take = Math.Min(need, data.Length);
            if (have + take > _input[i].Length) Array.Resize(ref _input[i], Math.Max(have + take, _input[i].Length * 2));
            data[..take].CopyTo(_input[i].AsSpan(have));
            data = data[take..];
            _inputLength[i] = have += take;
            if (have == 4)
            {
                int length = _input[i][1] << 16 | _input[i][2] << 8 | _input[i][3];
                if (length > _options.MaxHandshakeMessageSize)
                    throw new TlsAlertException(AlertDescription.HandshakeFailure,
                        $"handshake message of {length} bytes exceeds the limit", TransportErrorCode.CryptoBufferExceeded);
            }
            if (have < 4 || have < 4 + (_input[i][1] << 16 | _input[i][2] << 8 | _input[i][3])) continue;
            _inputLength[i] = 0;
            var message = _input[i].AsSpan(0, have);
            var type = (HandshakeType)message[0];
            // Not legal anywhere in QUIC: KeyUpdate (RFC 9001 §6) and EndOfEarlyData (RFC 9001 §8.3).
            if (type is HandshakeType.KeyUpdate or HandshakeType.EndOfEarlyData)
                throw new TlsAlertException(AlertDescription.UnexpectedMessage, $"{type} is forbidden in QUIC");
            HandleMessage(level, type, message, now);
        }
    }

    /// <summary>Processes one complete message (header included). Must copy anything it keeps.</summary>
    private protected abstract void HandleMessage(EncryptionLevel level, HandshakeType type, ReadOnlySpan<byte> message, DateTimeOffset now);

    /// <summary>Moves reading to <paramref name="level"/>; unconsumed bytes at the old level are an error (RFC 9001 §4.1.3).</summary>
    private protected void SetReadLevel(EncryptionLevel level)
    {
        if (_inputLength[(int)ReadLevel] != 0)
            throw new TlsAlertException(AlertDescription.UnexpectedMessage, $"partial message left at {ReadLevel} when keys changed");
        ReadLevel = level;
    }

    /// <summary>True while bytes of an incomplete message are buffered at the current level.</summary>
    private protected bool HasPendingInput => _inputLength[(int)ReadLevel] != 0;

    private protected void Emit(TlsEvent e) => _events.Enqueue(e);

    private protected void Send(EncryptionLevel level, byte[] message) => Emit(new TlsHandshakeDataEvent(level, message));

    private protected void Install(EncryptionLevel level, TlsKeyDirection direction, CipherSuite suite, byte[] secret) =>
        Emit(new TlsKeyInstalledEvent(level, direction, suite, secret));

    private protected byte[] RandomBytes(int n)
    {
        var b = new byte[n];
        _options.Random(b);
        return b;
    }

    private protected static TlsAlertException Unexpected(HandshakeType type, TlsHandshakeState state) =>
        new(AlertDescription.UnexpectedMessage, $"unexpected {type} in state {state}");
}
