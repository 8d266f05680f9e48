using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Send;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class ResenderActor
{
    private void RetryHandlers() => Receive<RestartRecoveryAfterRetry>(_ => OnRetry());

    /// <summary>
    /// RFC 9002 §6.3: a Retry is no acknowledgment, and "clients that receive a Retry packet
    /// reset congestion control and loss recovery state, including resetting any pending
    /// timers". Before a Retry a client has sent Initials only; their frames go back to the
    /// sender as lost (re-queueing the ClientHello from offset 0, RFC 9000 §17.2.5.3) and the
    /// detector starts afresh, so they never count as a congestion event.
    /// </summary>
    private void OnRetry()
    {
        for (var space = PacketNumberSpace.Initial; space <= PacketNumberSpace.ApplicationData; space++)
        {
            var ledger = _detector.GetLedger(space);
            if (!ledger.IsDiscarded) ledger.CopyOutstanding(_lost, ackElicitingOnly: false);
        }
        _detector = NewDetector();
        HandBack();
        _reportedDeadline = null;
        Context.Parent.Tell(new DeadlineChanged(TimerKind.LossDetection, _detector.LossDetectionTimer));
        ReportBudget(force: true);
    }
}
