using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// The connection's time base: <see cref="IScheduler.Now"/> (virtual under Akka's TestScheduler)
/// as a <see cref="TimeSpan"/> since the connection started, the form every pure component in
/// src/Protocol takes. Immutable and shared by the connection's actors.
/// </summary>
public sealed class ConnectionClock
{
    private readonly IScheduler _scheduler;

    public ConnectionClock(IScheduler scheduler)
    {
        _scheduler = scheduler ?? throw new ArgumentNullException(nameof(scheduler));
        Start = scheduler.Now;
    }

    /// <summary>The scheduler time of the connection's start.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>Time since the connection started.</summary>
    public TimeSpan Now => _scheduler.Now - Start;

    /// <summary>Wall-clock time, for certificate validity in TLS.</summary>
    public DateTimeOffset WallNow => _scheduler.Now;
}
