using System.Text;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>
/// Runs the QUIC TLS engine (either role) over a byte stream through <see cref="TlsRecordLayer"/>:
/// the engine's per-level handshake bytes become records under that level's keys (Initial =
/// cleartext, Handshake = handshake traffic keys, OneRtt = application traffic keys, RFC 9001 §4.1.4
/// mapped back onto RFC 9846 §5), received records are fed to the engine at the level whose key
/// opened them, and after the handshake the test exchanges application data.
/// </summary>
public sealed class TlsOverTcp : IAsyncDisposable
{
    private readonly TlsEngine _engine;
    private readonly Stream _stream;
    private readonly TlsRecordLayer _records;
    private readonly TimeProvider _time;
    private readonly Dictionary<EncryptionLevel, TlsRecordKeys> _readKeys = new();
    private readonly Dictionary<EncryptionLevel, TlsRecordKeys> _writeKeys = new();
    private readonly List<TlsSessionTicket> _tickets = new();
    private readonly MemoryStream _received = new();
    private EncryptionLevel _readLevel = EncryptionLevel.Initial;
    private EncryptionLevel _writeLevel = EncryptionLevel.Initial;
    private bool _peerClosed;

    private TlsOverTcp(TlsEngine engine, Stream stream, TimeProvider time)
    {
        _engine = engine;
        _stream = stream;
        _time = time;
        _records = new TlsRecordLayer(stream, engine.IsClient);
    }

    public TlsEngine Engine => _engine;

    /// <summary>Session tickets the engine produced so far (client role, RFC 9846 §4.6.1).</summary>
    public IReadOnlyList<TlsSessionTicket> Tickets => _tickets;

    /// <summary>Legacy change_cipher_spec records the record layer dropped (RFC 9846 §5).</summary>
    public int DroppedChangeCipherSpecs => _records.DroppedChangeCipherSpecs;

    /// <summary>What the handshake agreed on; valid once <see cref="HandshakeAsync"/> returned.</summary>
    public TlsNegotiatedParameters Negotiated => new(
        _engine.NegotiatedCipherSuite ?? throw new InvalidOperationException("no cipher suite negotiated"),
        _engine.NegotiatedGroup,
        _engine.NegotiatedApplicationProtocol.ToString(),
        _engine.IsResumed,
        _engine.UsedHelloRetryRequest,
        _engine.PeerCertificates.Count);

    /// <summary>
    /// Completes a handshake on <paramref name="stream"/>: starts the client, then alternates between
    /// reading one record and draining the engine's events until the engine reports completion.
    /// On failure the engine's alert is sent to the peer before the exception propagates.
    /// <paramref name="maxFragment"/> and <paramref name="padding"/> shape the records we write (RFC 9846 §5.1, §5.4).
    /// </summary>
    public static async Task<TlsOverTcp> HandshakeAsync(TlsEngine engine, Stream stream, CancellationToken cancel,
        TimeProvider? time = null, int maxFragment = TlsRecordLimits.MaxPlaintext, int padding = 0)
    {
        var connection = new TlsOverTcp(engine, stream, time ?? TimeProvider.System);
        connection._records.MaxFragment = maxFragment;
        connection._records.Padding = padding;
        try
        {
            await connection.RunHandshakeAsync(cancel);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private async Task RunHandshakeAsync(CancellationToken cancel)
    {
        await GuardAsync(() =>
        {
            if (_engine is TlsClient client)
                client.Start(_time.GetUtcNow());
        }, cancel);
        await DrainEventsAsync(cancel);
        while (!_engine.IsHandshakeComplete)
        {
            TlsRecord record = await _records.ReadAsync(cancel)
                ?? throw new IOException($"peer closed the connection during the handshake (engine state {_engine.State})");
            if (record.Type != TlsContentType.Handshake)
                throw new TlsRecordException(TlsAlertCode.UnexpectedMessage, $"{record.Type} record during the handshake");
            await FeedAsync(record.Content, cancel);
        }
        // From here on the peer's Finished is in: a change_cipher_spec is no longer legal (RFC 9846 §5).
        _records.DropChangeCipherSpec = false;
    }

    /// <summary>Feeds handshake bytes opened under the current read key to the engine at that key's level.</summary>
    private async Task FeedAsync(byte[] content, CancellationToken cancel)
    {
        await GuardAsync(() => _engine.HandleCryptoData(_readLevel, content, _time.GetUtcNow()), cancel);
        await DrainEventsAsync(cancel);
        // The engine names the level it reads next (it moves after ServerHello and after Finished);
        // the next record is protected with that level's key (RFC 9846 §5.1: messages never span a key change).
        if (_engine.ReadLevel != _readLevel)
        {
            _readLevel = _engine.ReadLevel;
            _records.SetReadKeys(_readLevel == EncryptionLevel.Initial ? null
                : _readKeys.TryGetValue(_readLevel, out TlsRecordKeys? keys) ? keys
                : throw new InvalidOperationException($"engine reads at {_readLevel} without a read key"));
        }
    }

    private async Task DrainEventsAsync(CancellationToken cancel)
    {
        while (_engine.TryDequeueEvent(out TlsEvent e))
        {
            switch (e)
            {
                case TlsKeyInstalledEvent key:
                    var keys = TlsRecordKeys.FromSecret(key.CipherSuite, key.Secret);
                    (key.Direction == TlsKeyDirection.Read ? _readKeys : _writeKeys)[key.Level] = keys;
                    break;
                case TlsHandshakeDataEvent data:
                    SwitchWriteLevel(data.Level);
                    _records.Write(TlsContentType.Handshake, data.Data);
                    break;
                case TlsSessionTicketEvent ticket:
                    _tickets.Add(ticket.Ticket);
                    break;
            }
        }
        await _records.FlushAsync(cancel);
    }

    private void SwitchWriteLevel(EncryptionLevel level)
    {
        if (level == _writeLevel)
            return;
        // Writes only move forward in TLS (Initial → Handshake → application), so each key is used
        // once and its sequence number never needs to survive a switch (RFC 9846 §5.3).
        if (level < _writeLevel)
            throw new InvalidOperationException($"engine wrote at {level} after {_writeLevel}");
        if (level == EncryptionLevel.ZeroRtt)
            throw new NotSupportedException("0-RTT over TCP needs EndOfEarlyData, which QUIC's engine never sends (RFC 9001 §8.3)");
        _records.SetWriteKeys(_writeKeys.TryGetValue(level, out TlsRecordKeys? keys) ? keys
            : throw new InvalidOperationException($"engine wrote at {level} without a write key"));
        _writeLevel = level;
    }

    /// <summary>Runs an engine call; on a TLS alert, tells the peer (RFC 9846 §6.2) and rethrows.</summary>
    private async Task GuardAsync(Action action, CancellationToken cancel)
    {
        try
        {
            action();
        }
        catch (TlsAlertException alert)
        {
            try
            {
                SwitchWriteLevel(AlertLevel());
                _records.WriteAlert(TlsAlertCode.LevelFatal, (byte)alert.Alert);
                await _records.FlushAsync(cancel);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException)
            {
                // Best effort: the peer may already be gone.
            }
            throw;
        }
    }

    /// <summary>
    /// The level whose key the peer reads with now: a server reads client handshake records until
    /// the client's Finished, so a client alerts there before completion; a server's peer already
    /// reads whatever the server last installed.
    /// </summary>
    private EncryptionLevel AlertLevel()
    {
        EncryptionLevel highest = _writeKeys.Keys.Where(l => l != EncryptionLevel.ZeroRtt).DefaultIfEmpty(EncryptionLevel.Initial).Max();
        if (_engine.IsClient && !_engine.IsHandshakeComplete && highest == EncryptionLevel.OneRtt)
            highest = EncryptionLevel.Handshake;
        return highest < _writeLevel ? _writeLevel : highest;
    }

    /// <summary>Sends application data under the 1-RTT key (split into records of at most 2^14 bytes).</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancel)
    {
        SwitchWriteLevel(EncryptionLevel.OneRtt);
        _records.Write(TlsContentType.ApplicationData, data.Span);
        await _records.FlushAsync(cancel);
    }

    public Task SendLineAsync(string line, CancellationToken cancel) => SendAsync(Encoding.UTF8.GetBytes(line + "\n"), cancel);

    /// <summary>
    /// Reads until a full line of application data is in (post-handshake messages such as
    /// NewSessionTicket are fed to the engine on the way); null when the peer closed first.
    /// </summary>
    public async Task<string?> ReceiveLineAsync(CancellationToken cancel)
    {
        while (true)
        {
            byte[] buffered = _received.ToArray();
            int newline = Array.IndexOf(buffered, (byte)'\n');
            if (newline >= 0)
            {
                _received.SetLength(0);
                _received.Write(buffered, newline + 1, buffered.Length - newline - 1);
                return Encoding.UTF8.GetString(buffered, 0, newline).TrimEnd('\r');
            }
            if (!await ReceiveRecordAsync(cancel))
                return null;
        }
    }

    /// <summary>Reads records until the peer closes, feeding post-handshake messages to the engine.</summary>
    public async Task ReadToEndAsync(CancellationToken cancel)
    {
        while (await ReceiveRecordAsync(cancel))
        {
        }
    }

    private async Task<bool> ReceiveRecordAsync(CancellationToken cancel)
    {
        if (_peerClosed)
            return false;
        TlsRecord? record = await _records.ReadAsync(cancel);
        if (record is null)
        {
            _peerClosed = true;
            return false;
        }
        if (record.Value.Type == TlsContentType.Handshake)
            await FeedAsync(record.Value.Content, cancel); // NewSessionTicket (RFC 9846 §4.6.1)
        else
            _received.Write(record.Value.Content);
        return true;
    }

    /// <summary>Sends close_notify (RFC 9846 §6.1) and half-closes the stream.</summary>
    public async Task CloseAsync(CancellationToken cancel)
    {
        SwitchWriteLevel(EncryptionLevel.OneRtt);
        _records.WriteAlert(TlsAlertCode.LevelWarning, TlsAlertCode.CloseNotify);
        await _records.FlushAsync(cancel);
    }

    public async ValueTask DisposeAsync()
    {
        _records.Dispose();
        await _stream.DisposeAsync();
    }
}
