using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Transport;

namespace ActorQuic.Protocol.Tests.Connection.Streams;

/// <summary>Builders and drains shared by the stream registry tests.</summary>
internal static class RegistryTestKit
{
    public static TransportParameters Parameters(
        ulong maxData = 1000, ulong bidiLocal = 100, ulong bidiRemote = 100, ulong uni = 100,
        ulong streamsBidi = 10, ulong streamsUni = 10) => new()
    {
        InitialMaxData = maxData,
        InitialMaxStreamDataBidiLocal = bidiLocal,
        InitialMaxStreamDataBidiRemote = bidiRemote,
        InitialMaxStreamDataUni = uni,
        InitialMaxStreamsBidi = streamsBidi,
        InitialMaxStreamsUni = streamsUni,
    };

    /// <summary>A server registry (the peer is a client: its bidi streams are 0, 4, 8…, uni 2, 6, 10…).</summary>
    public static StreamRegistry Server(TransportParameters? local = null, TransportParameters? peer = null, StreamRegistryOptions? options = null)
    {
        var registry = new StreamRegistry(StreamInitiator.Server, local ?? Parameters(), options);
        if (peer is not null) registry.OnPeerTransportParameters(peer);
        return registry;
    }

    public static StreamRegistry Client(TransportParameters? local = null, TransportParameters? peer = null, StreamRegistryOptions? options = null)
    {
        var registry = new StreamRegistry(StreamInitiator.Client, local ?? Parameters(), options);
        if (peer is not null) registry.OnPeerTransportParameters(peer);
        return registry;
    }

    public static StreamId Id(ulong value) => new(value);

    public static StreamFrame Stream(ulong id, ulong offset, byte[] data, bool fin = false) => new(id, offset, data, fin);

    public static StreamFrame Stream(ulong id, ulong offset, int length, bool fin = false) =>
        new(id, offset, Pattern(id, offset, length), fin);

    /// <summary>Deterministic bytes that depend on stream and offset, so misplaced bytes show.</summary>
    public static byte[] Pattern(ulong id, ulong offset, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = PatternByte(id, offset + (ulong)i);
        return bytes;
    }

    public static byte PatternByte(ulong id, ulong offset) => (byte)((offset * 31) ^ (offset >> 8) ^ (id * 17));

    public static List<StreamRegistryEvent> Events(this StreamRegistry registry)
    {
        var list = new List<StreamRegistryEvent>();
        registry.DrainEvents(list);
        return list;
    }

    public static List<StreamControlFrame> Controls(this StreamRegistry registry)
    {
        var list = new List<StreamControlFrame>();
        registry.DrainControlFrames(list);
        return list;
    }

    public static byte[] ReadAll(this StreamRegistry registry, ulong id)
    {
        var output = new List<byte>();
        var scratch = new byte[333];
        int n;
        while ((n = registry.Read(Id(id), scratch)) > 0) output.AddRange(scratch.AsSpan(0, n));
        return output.ToArray();
    }

    public static QuicProtocolException Fails(Action action) => Assert.Throws<QuicProtocolException>(action);
}
