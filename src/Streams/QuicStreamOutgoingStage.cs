using ActorQuic.ConnectionActors;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorQuic.Streams;

/// <summary>
/// The sending half of a stream as a Sink. Akka's TCP write template with flow-control credit as
/// the ack: the stage pulls while fewer than the window's bytes are written but not yet released
/// (acknowledged by the peer), so a slow peer or a small MAX_STREAM_DATA (RFC 9000 §4.1)
/// back-pressures the producer. Upstream completion sends the FIN and the materialized task
/// completes once the peer acknowledged everything ("Data Recvd", RFC 9000 §3.1); upstream
/// failure sends RESET_STREAM (§19.4); the peer's STOP_SENDING (§19.5) fails the stage.
/// </summary>
internal sealed class QuicStreamOutgoingStage : GraphStageWithMaterializedValue<SinkShape<ByteString>, Task>
{
    private readonly QuicStream _stream;

    public QuicStreamOutgoingStage(QuicStream stream)
    {
        _stream = stream;
        Shape = new SinkShape<ByteString>(In);
    }

    public Inlet<ByteString> In { get; } = new("QuicStream.Outgoing");

    public override SinkShape<ByteString> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("quicStreamOutgoing");

    public override ILogicAndMaterializedValue<Task> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return new LogicAndMaterializedValue<Task>(new Logic(this, completion), completion.Task);
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly QuicStream _stream;
        private readonly Inlet<ByteString> _in;
        private readonly TaskCompletionSource _completion;
        private StageActor _self = null!;
        private long _written;
        private long _released;
        private bool _finSent;
        private bool _done;

        public Logic(QuicStreamOutgoingStage stage, TaskCompletionSource completion) : base(stage.Shape)
        {
            _stream = stage._stream;
            _in = stage.In;
            _completion = completion;
            SetHandler(_in, this);
        }

        private long Unreleased => _written - _released;

        public override void PreStart()
        {
            // After upstream completes we still wait for the peer's acknowledgement of the FIN.
            SetKeepGoing(true);
            _self = GetStageActor(OnMessage);
            _self.Watch(_stream.ConnectionActor);
            var aborted = GetAsyncCallback<long>(code =>
                Fail(QuicErrors.OperationAborted($"Writing stream {_stream.Id} was aborted locally (error {code})."), sendReset: false));
            _stream.WriteAborted.ContinueWith(t => aborted(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
            Pull(_in);
        }

        public override void OnPush()
        {
            var element = Grab(_in);
            if (element.Count > 0)
            {
                _written += element.Count;
                // The connection keeps the array, so it is a copy; uninitialized, since every byte is overwritten.
                var data = GC.AllocateUninitializedArray<byte>(element.Count);
                element.CopyTo(data, 0, element.Count);
                _stream.ConnectionActor.Tell(new WriteStream(_stream.Id, data, Fin: false), _self.Ref);
            }
            PullIfRoom();
        }

        public override void OnUpstreamFinish()
        {
            // RFC 9000 §3.1: the FIN marks the end; the stream is done when it is acknowledged.
            _finSent = true;
            _stream.ConnectionActor.Tell(new WriteStream(_stream.Id, [], Fin: true), _self.Ref);
        }

        public override void OnUpstreamFailure(Exception e) => Fail(e, sendReset: true);

        public override void PostStop()
        {
            // Torn down from outside (materializer shutdown): nobody will ever complete the task otherwise.
            if (!_done) _completion.TrySetException(new AbruptStageTerminationException(this));
        }

        private void PullIfRoom()
        {
            if (!_finSent && !_done && !HasBeenPulled(_in) && !IsClosed(_in) && Unreleased < _stream.Settings.WriteWindow) Pull(_in);
        }

        private void Fail(Exception error, bool sendReset)
        {
            if (_done) return;
            _done = true;
            // RFC 9000 §3.1: abandoning the send side is a RESET_STREAM with an application code.
            if (sendReset)
                _stream.ConnectionActor.Tell(new ResetStream(_stream.Id, unchecked((ulong)_stream.Settings.DefaultStreamErrorCode)), _self.Ref);
            _completion.TrySetException(error);
            FailStage(error);
        }

        private void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                case StreamWriteReleased released when released.StreamId == _stream.Id:
                    _released += released.Bytes;
                    PullIfRoom();
                    break;
                case StreamWriteCompleted completed when completed.StreamId == _stream.Id:
                    _done = true;
                    _completion.TrySetResult();
                    CompleteStage();
                    break;
                case StreamStopSendingReceived stop when stop.StreamId == _stream.Id:
                    // The connection already answered with RESET_STREAM (RFC 9000 §3.5).
                    Fail(QuicErrors.StreamAborted(stop.StreamId, stop.ApplicationErrorCode, "stopped (STOP_SENDING)"), sendReset: false);
                    break;
                case StreamAborted aborted when aborted.StreamId == _stream.Id:
                    Fail(QuicErrors.FromClose(aborted.Info), sendReset: false);
                    break;
                case Terminated terminated when terminated.ActorRef.Equals(_stream.ConnectionActor):
                    Fail(_stream.Connection.ClosedException(), sendReset: false);
                    break;
            }
        }
    }
}
