using Akka.Actor;
using Akka.Dispatch;
using Akka.Streams;

namespace ActorQuic.Http3.Tests.Transport;

/// <summary>
/// A materializer that delegates everything to a real one, but holds the calling thread right
/// after the first materialization whose value is a <see cref="Task{Done}"/> until
/// <paramref name="release"/> completes (or <paramref name="maxHold"/> passed). In
/// <c>Http3Session.StartAsync</c> that first one is the loop accepting the peer's streams (our
/// critical streams' writers materialize a plain Task): holding there is a thread preempted just
/// after the session started accepting and before its caller saw it — what CPU starvation did in
/// the interop stall, made deterministic.
/// </summary>
internal sealed class HoldingMaterializer(IMaterializer inner, Task release, TimeSpan maxHold) : IMaterializer
{
    private int _held;

    /// <summary>Whether the hold happened (a test that relies on it checks it).</summary>
    public bool Held => Volatile.Read(ref _held) != 0;

    public MessageDispatcher ExecutionContext => inner.ExecutionContext;

    public IMaterializer WithNamePrefix(string namePrefix) => inner.WithNamePrefix(namePrefix);

    public TMat Materialize<TMat>(IGraph<ClosedShape, TMat> runnable) => Hold(inner.Materialize(runnable));

    public TMat Materialize<TMat>(IGraph<ClosedShape, TMat> runnable, Attributes initialAttributes) =>
        Hold(inner.Materialize(runnable, initialAttributes));

    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => inner.ScheduleOnce(delay, action);

    public ICancelable ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        inner.ScheduleRepeatedly(initialDelay, interval, action);

    private TMat Hold<TMat>(TMat materialized)
    {
        if (materialized is Task<Akka.Done> && Interlocked.Exchange(ref _held, 1) == 0)
            release.Wait(maxHold);
        return materialized;
    }
}
