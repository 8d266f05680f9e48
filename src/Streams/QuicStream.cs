using System.Net;
using System.Security.Cryptography.X509Certificates;
using ActorQuic.ConnectionActors;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams.Dsl;

namespace ActorQuic.Streams;

/// <summary>
/// One QUIC stream (RFC 9000 §2) as Akka.Streams stages. <see cref="Incoming"/> and
/// <see cref="Outgoing"/> may each be materialized once; back-pressure on either side is QUIC flow
/// control (the peer gets credit only as <see cref="Incoming"/> is read).
/// </summary>
public sealed class QuicStream
{
    private readonly TaskCompletionSource<long> _readAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<long> _writeAborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _incomingMaterialized;
    private int _outgoingMaterialized;

    internal QuicStream(QuicConnection connection, ulong id)
    {
        Connection = connection;
        Id = id;
    }

    /// <summary>The stream ID (RFC 9000 §2.1): bit 0 says who opened it, bit 1 whether it is unidirectional.</summary>
    public ulong Id { get; }

    public QuicConnection Connection { get; }

    /// <summary>Both directions carry data (RFC 9000 §2.1, bit 0x2 clear).</summary>
    public bool IsBidirectional => (Id & 0x2) == 0;

    /// <summary>We opened this stream (the initiator bit 0x1 matches our role).</summary>
    public bool IsLocal => ((Id & 0x1) == 1) == Connection.IsServer;

    /// <summary>There is a receiving part: bidirectional, or the peer's unidirectional stream.</summary>
    public bool CanRead => IsBidirectional || !IsLocal;

    /// <summary>There is a sending part: bidirectional, or our unidirectional stream.</summary>
    public bool CanWrite => IsBidirectional || IsLocal;

    public IPEndPoint RemoteEndPoint => Connection.RemoteEndPoint;

    public EndPoint LocalEndPoint => Connection.LocalEndPoint;

    /// <summary>The peer's certificate chain, leaf first (empty for a client without a certificate).</summary>
    public IReadOnlyList<X509Certificate2> RemoteCertificateChain => Connection.RemoteCertificateChain;

    /// <summary>
    /// The bytes the peer sends, in order; completes on the FIN, fails with a QuicException
    /// (StreamAborted and the peer's code) on RESET_STREAM, or when the connection ends first.
    /// Cancelling it sends STOP_SENDING with the default stream error code.
    /// </summary>
    public Source<ByteString, NotUsed> Incoming
    {
        get
        {
            if (!CanRead) throw new InvalidOperationException($"stream {Id} is our unidirectional stream: it has no receiving part");
            return Source.FromGraph(new QuicStreamIncomingStage(this)).MapMaterializedValue(m =>
            {
                if (Interlocked.Exchange(ref _incomingMaterialized, 1) == 1)
                    throw new InvalidOperationException($"the Incoming source of stream {Id} can be materialized only once");
                return m;
            });
        }
    }

    /// <summary>
    /// Writes what flows in; completing it sends the FIN and the task completes when the peer
    /// acknowledged all of it; failing it sends RESET_STREAM; the peer's STOP_SENDING fails it
    /// (and the task) with a QuicException (StreamAborted and the peer's code).
    /// </summary>
    public Sink<ByteString, Task> Outgoing
    {
        get
        {
            if (!CanWrite) throw new InvalidOperationException($"stream {Id} is the peer's unidirectional stream: it has no sending part");
            return Sink.FromGraph(new QuicStreamOutgoingStage(this)).MapMaterializedValue(m =>
            {
                if (Interlocked.Exchange(ref _outgoingMaterialized, 1) == 1)
                    throw new InvalidOperationException($"the Outgoing sink of stream {Id} can be materialized only once");
                return m;
            });
        }
    }

    internal IActorRef ConnectionActor => Connection.ConnectionActor;

    internal QuicStreamSettings Settings => Connection.StreamSettings;

    internal Task<long> ReadAborted => _readAborted.Task;

    internal Task<long> WriteAborted => _writeAborted.Task;

    /// <summary>
    /// The stream as one flow: what goes in is written, what comes out was read. The halves are
    /// independent (a half-closed stream is normal in QUIC, RFC 9000 §3).
    /// </summary>
    public Flow<ByteString, ByteString, NotUsed> AsFlow() => Flow.FromSinkAndSource(Outgoing.MapMaterializedValue(_ => NotUsed.Instance), Incoming);

    /// <summary>
    /// Abandons one or both halves: STOP_SENDING for reading, RESET_STREAM for writing
    /// (RFC 9000 §3.5, §19.4, §19.5). A running stage of that half fails with OperationAborted.
    /// </summary>
    public void Abort(QuicAbortDirection direction, long errorCode)
    {
        if (errorCode < 0 || (ulong)errorCode > ActorQuic.Protocol.Wire.QuicVarint.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(errorCode), errorCode, "an application error code is a varint (0..2^62-1)");
        if ((direction & QuicAbortDirection.Read) != 0 && CanRead && _readAborted.TrySetResult(errorCode))
            ConnectionActor.Tell(new StopReading(Id, (ulong)errorCode), ActorRefs.NoSender);
        if ((direction & QuicAbortDirection.Write) != 0 && CanWrite && _writeAborted.TrySetResult(errorCode))
            ConnectionActor.Tell(new ResetStream(Id, (ulong)errorCode), ActorRefs.NoSender);
    }

    public override string ToString() => $"QuicStream({Id}, {(IsBidirectional ? "bidi" : "uni")}, {(IsLocal ? "local" : "remote")})";
}
