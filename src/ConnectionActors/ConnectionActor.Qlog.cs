using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Transport;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// qlog (ConnectionSettings.QlogDirectory): the connection opens one file per connection,
/// <c>&lt;odcid&gt;_&lt;server|client&gt;.sqlog</c>, when it starts, hands the trace to its children,
/// logs its own events (connection_started, both parameters_set, connection_closed) and
/// closes the file in PostStop, after the children stopped. A file that cannot be opened
/// costs a warning, never the connection.
/// </summary>
public sealed partial class ConnectionActor
{
    private const int QlogFileBufferSize = 64 * 1024;

    private QlogTrace? _qlogTrace;
    private QlogWriter? _qlog;
    private bool _qlogClosedLogged;

    /// <summary>From PreStart, once the children exist and before anything can make them send or receive.</summary>
    private void StartQlog()
    {
        if (_options.QlogDirectory is not { } directory) return;
        string path = Path.Combine(directory, QlogTrace.FileName(_options.OriginalDestinationConnectionId, _options.IsServer));
        FileStream file;
        try
        {
            Directory.CreateDirectory(directory);
            file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, QlogFileBufferSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            _log.Warning("connection {0}: no qlog, cannot create {1}: {2}", _options.LocalConnectionId, path, e.Message);
            return;
        }
        _qlogTrace = new QlogTrace(file, _options.IsServer, _options.OriginalDestinationConnectionId, _clock.Start)
        {
            LocalAckDelayExponent = _localParameters.AckDelayExponent,
        };
        _qlog = new QlogWriter(_qlogTrace);
        var attach = new AttachQlog(_qlogTrace);
        _children.Receiver.Tell(attach);
        _children.Sender.Tell(attach);
        _children.Resender.Tell(attach);
        TimeSpan now = _clock.Now;
        var firstPeerCid = _options.IsServer ? _options.PeerConnectionId : _options.OriginalDestinationConnectionId;
        _qlog.ConnectionStarted(now, _options.Transport.LocalEndPoint, _options.Remote, _options.LocalConnectionId, firstPeerCid);
        _qlog.ParametersSet(now, local: true, _localParameters, _options.Version);
    }

    /// <summary>The peer's transport parameters, once validated and applied.</summary>
    private void QlogPeerParameters(TransportParameters peer) => _qlog?.ParametersSet(_clock.Now, local: false, peer);

    /// <summary>The connection ended for the application (closing, draining, idle timeout or reset).</summary>
    private void QlogClosed(CloseInfo? info)
    {
        if (_qlog is null || _qlogClosedLogged || info is null) return;
        _qlogClosedLogged = true;
        _qlog.ConnectionClosed(_clock.Now, info);
    }

    /// <summary>From PostStop: the children have stopped, so nothing else writes; the file is flushed and closed.</summary>
    private void StopQlog(CloseInfo info)
    {
        if (_qlogTrace is null) return;
        QlogClosed(info);
        _qlogTrace.Dispose();
        if (_qlogTrace.Error is { } error)
            _log.Warning("connection {0}: qlog incomplete: {1}", _options.LocalConnectionId, error.Message);
        _qlogTrace = null;
        _qlog = null;
    }
}
