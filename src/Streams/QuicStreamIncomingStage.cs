using ActorQuic.ConnectionActors;
using Akka;
using Akka.Actor;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorQuic.Streams;

/// <summary>
/// The receiving half of a stream as a Source. It follows Akka's TCP stage template: a stage actor
/// talks to the connection, and each downstream pull becomes one <see cref="ReadStream"/>. The
/// connection counts handed-out bytes as consumed, and only consumption extends MAX_STREAM_DATA
/// (RFC 9000 §4.2) — so the peer's credit grows exactly as fast as the consumer reads.
/// </summary>
internal sealed class QuicStreamIncomingStage : GraphStage<SourceShape<ByteString>>
{
    private readonly QuicStream _stream;

    public QuicStreamIncomingStage(QuicStream stream)
    {
        _stream = stream;
        Shape = new SourceShape<ByteString>(Out);
    }

    public Outlet<ByteString> Out { get; } = new("QuicStream.Incoming");

    public override SourceShape<ByteString> Shape { get; }

    protected override Attributes InitialAttributes { get; } = Attributes.CreateName("quicStreamIncoming");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : OutGraphStageLogic
    {
        private readonly QuicStream _stream;
        private readonly Outlet<ByteString> _out;
        private StageActor _self = null!;
        private bool _reading;
        private bool _finished;

        public Logic(QuicStreamIncomingStage stage) : base(stage.Shape)
        {
            _stream = stage._stream;
            _out = stage.Out;
            SetHandler(_out, this);
        }

        public override void PreStart()
        {
            _self = GetStageActor(OnMessage);
            _self.Watch(_stream.ConnectionActor);
            var aborted = GetAsyncCallback<long>(code =>
            {
                // A local Abort(Read) already sent STOP_SENDING: do not send another on cancel.
                _finished = true;
                FailStage(QuicErrors.OperationAborted($"Reading stream {_stream.Id} was aborted locally (error {code})."));
            });
            _stream.ReadAborted.ContinueWith(t => aborted(t.Result), TaskContinuationOptions.OnlyOnRanToCompletion);
        }

        public override void OnPull()
        {
            if (_reading) return;
            _reading = true;
            _stream.ConnectionActor.Tell(new ReadStream(_stream.Id, _stream.Settings.ReadChunkSize), _self.Ref);
        }

        public override void OnDownstreamFinish(Exception cause)
        {
            // RFC 9000 §3.5: a reader that gives up tells the peer to stop sending.
            if (!_finished)
            {
                _finished = true;
                _stream.ConnectionActor.Tell(new StopReading(_stream.Id, unchecked((ulong)_stream.Settings.DefaultStreamErrorCode)), _self.Ref);
            }
            base.OnDownstreamFinish(cause);
        }

        private void OnMessage((IActorRef Sender, object Message) received)
        {
            switch (received.Message)
            {
                case StreamDataReceived data when data.StreamId == _stream.Id:
                    _reading = false;
                    if (data.Fin) _finished = true;
                    if (data.Data.Length > 0)
                    {
                        Push(_out, ByteString.FromBytes(data.Data));
                        if (data.Fin) CompleteStage();
                    }
                    else if (data.Fin)
                    {
                        CompleteStage();
                    }
                    else if (IsAvailable(_out))
                    {
                        OnPull(); // nothing yet: keep the demand standing
                    }
                    break;
                case StreamResetReceived reset when reset.StreamId == _stream.Id:
                    _finished = true;
                    FailStage(QuicErrors.StreamAborted(reset.StreamId, reset.ApplicationErrorCode, "reset"));
                    break;
                case StreamAborted aborted when aborted.StreamId == _stream.Id:
                    _finished = true;
                    FailStage(QuicErrors.FromClose(aborted.Info));
                    break;
                case Terminated terminated when terminated.ActorRef.Equals(_stream.ConnectionActor):
                    _finished = true;
                    FailStage(_stream.Connection.ClosedException());
                    break;
            }
        }
    }
}
