using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Streams;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

// The client's first-flight hold for 0-RTT (HoldFirstFlight): nothing leaves until the application's
// first request is complete or the hold's deadline passes, then the ClientHello and the request go together.
public sealed partial class SenderActor
{
    private bool _heldForEarlyData;

    private void EarlyDataHandlers()
    {
        Receive<HoldFirstFlight>(m =>
        {
            _heldForEarlyData = true;
            Context.Parent.Tell(new DeadlineChanged(TimerKind.EarlyDataHold, _clock.Now + m.Hold));
        });
        Receive<TimerExpired>(m => m.Kind == TimerKind.EarlyDataHold, _ => ReleaseFirstFlight());
    }

    /// <summary>After a write was queued: a FIN on a bidirectional stream we opened ends the hold.</summary>
    private void OnWriteWhileHeld(WriteStream write)
    {
        if (!_heldForEarlyData || !write.Fin) return;
        var id = new StreamId(write.StreamId);
        if (id.IsBidirectional && id.IsLocallyInitiated(StreamInitiator.Client)) ReleaseFirstFlight();
    }

    private void ReleaseFirstFlight()
    {
        if (!_heldForEarlyData) return;
        _heldForEarlyData = false;
        Context.Parent.Tell(new DeadlineChanged(TimerKind.EarlyDataHold, null));
        RequestFlush();
    }
}
