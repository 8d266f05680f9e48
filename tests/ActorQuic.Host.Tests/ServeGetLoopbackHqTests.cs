namespace ActorQuic.Host.Tests;

/// <summary>The loopback serve ↔ get tests with <c>get --alpn hq-interop</c> (HTTP/0.9 over QUIC).</summary>
public sealed class ServeGetLoopbackHqTests : ServeGetLoopbackTests
{
    protected override string Alpn => "hq-interop";
}
