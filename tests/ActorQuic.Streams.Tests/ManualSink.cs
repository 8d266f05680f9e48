using System.Collections.Concurrent;
using Akka.Streams;
using Akka.Streams.Stage;

namespace ActorQuic.Streams.Tests;

/// <summary>
/// A sink whose demand the test controls: it pulls only when <see cref="Handle.Request"/> is
/// called, so a test can see that nothing is asked upstream without demand. Events are recorded.
/// </summary>
public sealed class ManualSink<T> : GraphStageWithMaterializedValue<SinkShape<T>, ManualSink<T>.Handle>
{
    private readonly Inlet<T> _in = new("ManualSink.in");

    public ManualSink() => Shape = new SinkShape<T>(_in);

    public override SinkShape<T> Shape { get; }

    public override ILogicAndMaterializedValue<Handle> CreateLogicAndMaterializedValue(Attributes inheritedAttributes)
    {
        var handle = new Handle();
        return new LogicAndMaterializedValue<Handle>(new Logic(this, handle), handle);
    }

    public sealed class Handle
    {
        internal Action? RequestCallback;
        internal Action? CancelCallback;

        public BlockingCollection<T> Elements { get; } = new();

        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        internal TaskCompletionSource Ready { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Request()
        {
            WaitReady();
            RequestCallback!();
        }

        public void Cancel()
        {
            WaitReady();
            CancelCallback!();
        }

        private void WaitReady()
        {
            if (!Ready.Task.Wait(TimeSpan.FromSeconds(5))) throw new TimeoutException("the sink did not start");
        }

        /// <summary>Requests one element at a time until the upstream completes; returns what came.</summary>
        public List<T> RequestUntilComplete(TimeSpan patiencePerElement)
        {
            var received = new List<T>();
            while (true)
            {
                Request();
                T? element;
                while (!Elements.TryTake(out element, 10))
                {
                    if (Completion.Task.IsCompleted)
                    {
                        Completion.Task.GetAwaiter().GetResult(); // rethrows a failure
                        return received;
                    }
                    if ((patiencePerElement -= TimeSpan.FromMilliseconds(10)) < TimeSpan.Zero) throw new TimeoutException("no element");
                }
                received.Add(element!);
            }
        }

        public T Next(TimeSpan timeout) =>
            Elements.TryTake(out var element, timeout) ? element : throw new TimeoutException("no element");
    }

    private sealed class Logic : InGraphStageLogic
    {
        private readonly ManualSink<T> _stage;
        private readonly Handle _handle;

        public Logic(ManualSink<T> stage, Handle handle) : base(stage.Shape)
        {
            _stage = stage;
            _handle = handle;
            SetHandler(stage._in, this);
        }

        public override void PreStart()
        {
            _handle.RequestCallback = GetAsyncCallback(() => Pull(_stage._in));
            _handle.CancelCallback = GetAsyncCallback(() => CompleteStage());
            _handle.Ready.TrySetResult();
        }

        public override void OnPush() => _handle.Elements.Add(Grab(_stage._in));

        public override void OnUpstreamFinish()
        {
            _handle.Completion.TrySetResult();
            CompleteStage();
        }

        public override void OnUpstreamFailure(Exception e)
        {
            _handle.Completion.TrySetException(e);
            FailStage(e);
        }
    }
}
