using ActorQuic.Protocol.Connection;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Builds lifecycles in common states for the lifecycle tests; times are milliseconds since start.</summary>
internal static class LifecycleFactory
{
    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);

    public static ConnectionLifecycle Create(
        bool isServer, double idleMs = 30_000, double? keepAliveMs = null, bool respondToPeerClose = true, double startMs = 0)
    {
        var options = new ConnectionLifecycleOptions
        {
            MaxIdleTimeout = Ms(idleMs),
            KeepAliveInterval = keepAliveMs is { } k ? Ms(k) : null,
            RespondToPeerClose = respondToPeerClose,
        };
        return new ConnectionLifecycle(isServer, options, Ms(startMs)) { Pto = Ms(100) };
    }

    /// <summary>A client that went through the whole handshake: Handshake and 1-RTT keys, complete, HANDSHAKE_DONE.</summary>
    public static ConnectionLifecycle ConfirmedClient(double idleMs = 30_000, double? keepAliveMs = null, double atMs = 50)
    {
        var c = Create(isServer: false, idleMs, keepAliveMs);
        c.OnKeysAvailable(EncryptionLevel.Handshake);
        c.OnHandshakePacketSent();
        c.OnKeysAvailable(EncryptionLevel.OneRtt);
        c.OnHandshakeComplete(Ms(atMs));
        c.OnHandshakeDoneReceived(Ms(atMs));
        Assert.Equal(ConnectionState.Confirmed, c.State);
        return c;
    }

    /// <summary>A server that went through the whole handshake.</summary>
    public static ConnectionLifecycle ConfirmedServer(double idleMs = 30_000, double? keepAliveMs = null, double atMs = 50)
    {
        var s = Create(isServer: true, idleMs, keepAliveMs);
        s.OnKeysAvailable(EncryptionLevel.Handshake);
        s.OnKeysAvailable(EncryptionLevel.OneRtt);
        s.OnHandshakePacketProcessed();
        s.OnHandshakeComplete(Ms(atMs));
        Assert.Equal(ConnectionState.Confirmed, s.State);
        return s;
    }
}
