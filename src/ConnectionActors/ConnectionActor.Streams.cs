using ActorQuic.Protocol;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Streams;

using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// The receive side of streams, minimal until the StreamRegistry arrives: per stream a
/// <see cref="ReassemblyBuffer"/> and a <see cref="ReceiveFlowController"/>, plus the
/// connection-level controller (RFC 9000 §4). Data is handed to the owner as soon as it is in
/// order, which counts as consumed, so credit is granted back at once.
/// </summary>
public sealed partial class ConnectionActor
{
    private readonly Dictionary<ulong, IncomingStream> _incoming = [];
    private readonly ReceiveFlowController _connectionFlow;
    private readonly byte[] _streamScratch = new byte[16 * 1024];
    private ulong _peerBidiStreamsOpened;

    private void OnStreamFrame(StreamFrameReceived frame)
    {
        var id = new StreamId(frame.StreamId);
        bool locallyInitiated = id.IsClientInitiated != _options.IsServer;
        // RFC 9000 §19.8: STREAM on a send-only stream of ours is STREAM_STATE_ERROR.
        if (id.IsUnidirectional && locallyInitiated)
            throw new QuicProtocolException(TransportErrorCode.StreamStateError, "STREAM on a local unidirectional stream", (ulong)FrameType.Stream);

        if (!_incoming.TryGetValue(frame.StreamId, out var stream))
        {
            stream = OpenIncoming(id, locallyInitiated);
            if (stream is null) return;
        }
        if (stream.Delivered) return; // a retransmission after the FIN was delivered

        ulong grown = stream.Flow.OnReceivedOffset(frame.Offset + (ulong)frame.Data.Length);
        _connectionFlow.OnReceivedBytes(grown);
        stream.Buffer.Write(frame.Offset, frame.Data, frame.Fin);
        Deliver(frame.StreamId, stream);
    }

    private IncomingStream? OpenIncoming(StreamId id, bool locallyInitiated)
    {
        ulong limit;
        if (id.IsUnidirectional)
        {
            limit = _localParameters.InitialMaxStreamDataUni;
        }
        else if (locallyInitiated)
        {
            limit = _localParameters.InitialMaxStreamDataBidiLocal;
        }
        else
        {
            // RFC 9000 §4.6: peer-initiated streams beyond our limit are STREAM_LIMIT_ERROR.
            ulong index = id.Value >> 2;
            if (index >= _localParameters.InitialMaxStreamsBidi)
                throw new QuicProtocolException(TransportErrorCode.StreamLimitError, $"stream {id.Value} beyond the limit", (ulong)FrameType.Stream);
            _peerBidiStreamsOpened = Math.Max(_peerBidiStreamsOpened, index + 1);
            limit = _localParameters.InitialMaxStreamDataBidiRemote;
        }
        var stream = new IncomingStream(new ReassemblyBuffer(limit), new ReceiveFlowController(limit));
        _incoming[id.Value] = stream;
        return stream;
    }

    private void Deliver(ulong streamId, IncomingStream stream)
    {
        while (stream.Buffer.ReadableBytes > 0 || (stream.Buffer.IsComplete && !stream.Delivered))
        {
            int n = stream.Buffer.Read(_streamScratch);
            bool fin = stream.Buffer.IsFinished;
            if (n == 0 && !fin) break;
            stream.Flow.OnConsumed((ulong)n);
            _connectionFlow.OnConsumed((ulong)n);
            _options.Owner?.Tell(new StreamDataReceived(streamId, _streamScratch.AsSpan(0, n).ToArray(), fin));
            if (fin)
            {
                stream.Delivered = true;
                stream.Buffer.Dispose();
                break;
            }
        }
        // RFC 9000 §4.2: move the limits as data is consumed.
        if (!stream.Delivered && stream.Flow.TryGetUpdate(out ulong streamLimit))
        {
            stream.Buffer.RaiseLimit(streamLimit);
            _children.Sender.Tell(new GrantCredit(streamId, streamLimit));
        }
        if (_connectionFlow.TryGetUpdate(out ulong connectionLimit))
            _children.Sender.Tell(new GrantCredit(null, connectionLimit));
    }

    private sealed class IncomingStream(ReassemblyBuffer buffer, ReceiveFlowController flow)
    {
        public ReassemblyBuffer Buffer { get; } = buffer;
        public ReceiveFlowController Flow { get; } = flow;
        public bool Delivered { get; set; }
    }
}
