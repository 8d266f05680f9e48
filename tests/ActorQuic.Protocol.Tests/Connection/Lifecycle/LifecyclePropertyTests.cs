using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Frames;
using CsCheck;
using static ActorQuic.Protocol.Tests.Connection.Lifecycle.LifecycleFactory;

namespace ActorQuic.Protocol.Tests.Connection.Lifecycle;

/// <summary>Random event sequences on virtual time keep the lifecycle's promises.</summary>
public class LifecyclePropertyTests
{
    private const int EventKinds = 16;

    private static readonly Gen<(int Kind, int Arg, int DeltaMs)> Step =
        Gen.Select(Gen.Int[0, EventKinds - 1], Gen.Int[0, 60_000], Gen.Int[0, 3_000]);

    [Fact]
    public void Random_event_sequences_respect_the_state_machine()
    {
        Gen.Select(Gen.Bool, Gen.Int[0, 3], Gen.Bool, Step.Array[1, 80]).Sample((isServer, idleChoice, keepAlive, steps) =>
        {
            double idleMs = idleChoice switch { 0 => 0, 1 => 1_000, 2 => 10_000, _ => 30_000 };
            double? keepAliveMs = keepAlive && idleMs != 1_000 ? 900 : null;
            var lc = Create(isServer, idleMs, keepAliveMs);
            new Checker(lc).Run(steps);
        }, seed: "0N0XIzNsQ0O2", iter: 3_000);
    }

    private sealed class Checker(ConnectionLifecycle lc)
    {
        private TimeSpan _now;
        private int _terminated, _closed, _confirmed;
        private LifecycleActions _discards;
        private long _packetsWhileClosing;
        private int _closeAnswers;
        private TimeSpan _lastReceive;

        public void Run((int Kind, int Arg, int DeltaMs)[] steps)
        {
            foreach (var (kind, arg, delta) in steps)
            {
                _now += Ms(delta);
                var before = lc.State;
                bool confirmedBefore = lc.IsHandshakeConfirmed;
                var actions = Apply(kind, arg);
                Check(before, confirmedBefore, actions);
            }
        }

        private LifecycleActions Apply(int kind, int arg)
        {
            var pto = Ms(50 + arg % 500);
            switch (kind)
            {
                case 0: return lc.OnHandshakeComplete(_now);
                case 1:
                    try { return lc.OnHandshakeDoneReceived(_now); }
                    catch (QuicProtocolException e)
                    {
                        Assert.True(lc.IsServer);
                        Assert.Equal(TransportErrorCode.ProtocolViolation, e.ErrorCode);
                        return lc.Close(e, _now, pto);
                    }
                case 2: return lc.OnKeysAvailable((EncryptionLevel)(arg % 4));
                case 3: return lc.OnHandshakePacketSent();
                case 4: return lc.OnHandshakePacketProcessed();
                case 5:
                    if (lc.State == ConnectionState.Closing) _packetsWhileClosing++;
                    if (lc.IsActive) _lastReceive = _now;
                    return lc.OnPacketReceived(_now);
                case 6: lc.OnAckElicitingSent(_now); return LifecycleActions.None;
                case 7: lc.OnPeerTransportParameters((ulong)arg); return LifecycleActions.None;
                case 8: return lc.Close((ulong)arg, arg % 2 == 0, "r", _now, pto);
                case 9: return lc.OnConnectionCloseReceived(ConnectionCloseFrame.ForApplicationError((ulong)arg), _now, pto);
                case 10: return lc.OnStatelessReset(_now, pto);
                case 11: return FireNextDeadline();
                case 12: lc.OnOneRttPacketReceived(_now); return LifecycleActions.None;
                case 13: if (lc.IsActive) lc.Pto = pto; return LifecycleActions.None;
                case 14: return lc.OnAddressValidated();
                default: return lc.OnOneRttPacketAcknowledged(_now);
            }
        }

        /// <summary>Jump to the next deadline: firing it always does something and moves the deadline on.</summary>
        private LifecycleActions FireNextDeadline()
        {
            if (lc.NextDeadline is not { } at) return lc.OnTimeout(_now);
            if (at > _now) _now = at;
            var actions = lc.OnTimeout(_now);
            Assert.NotEqual(LifecycleActions.None, actions);
            Assert.True(lc.NextDeadline is null || lc.NextDeadline > _now, "no busy loop");
            return actions;
        }

        private void Check(ConnectionState before, bool confirmedBefore, LifecycleActions actions)
        {
            Assert.True(lc.State >= before, $"{before} -> {lc.State}");
            const LifecycleActions sends =
                LifecycleActions.SendConnectionClose | LifecycleActions.SendPing | LifecycleActions.SendHandshakeDone;
            if (before is ConnectionState.Draining or ConnectionState.Closed)
                Assert.Equal(LifecycleActions.None, actions & sends); // §10.2.2: MUST NOT send
            if (before == ConnectionState.Closing)
                Assert.Equal(LifecycleActions.None, actions & (LifecycleActions.SendPing | LifecycleActions.SendHandshakeDone));

            if ((actions & LifecycleActions.Terminated) != 0) _terminated++;
            if ((actions & LifecycleActions.Closed) != 0) _closed++;
            if ((actions & LifecycleActions.HandshakeConfirmed) != 0) _confirmed++;
            Assert.True(_terminated <= 1 && _closed <= 1 && _confirmed <= 1);
            Assert.Equal(_terminated == 1, lc.CloseInfo is not null);
            Assert.Equal(_closed == 1, lc.State == ConnectionState.Closed);
            Assert.Equal(_confirmed == 1, lc.IsHandshakeConfirmed);
            if ((actions & LifecycleActions.HandshakeConfirmed) != 0)
                Assert.True(lc.IsDiscarded(EncryptionLevel.Handshake));

            var discards = actions & (LifecycleActions.DiscardInitialKeys | LifecycleActions.DiscardHandshakeKeys | LifecycleActions.DiscardZeroRttKeys);
            Assert.Equal(LifecycleActions.None, _discards & discards); // each level once
            _discards |= discards;

            if ((actions & LifecycleActions.SendConnectionClose) != 0) CheckClosePlan(before, confirmedBefore);
            if (!lc.IsActive)
            {
                Assert.Null(lc.IdleDeadline);
                Assert.Null(lc.KeepAliveDeadline);
            }
            else if (lc.IdleDeadline is { } idle)
            {
                // Restarted no earlier than the last receive and no later than now (RFC 9000 §10.1).
                var period = lc.EffectiveIdleTimeout!.Value;
                if (period < lc.Pto * 3) period = lc.Pto * 3;
                Assert.InRange(idle, _lastReceive + period, _now + period);
            }
        }

        private void CheckClosePlan(ConnectionState before, bool confirmedBefore)
        {
            var plan = lc.ClosePlan!.Value;
            Assert.False(plan.IsEmpty);
            Assert.False(plan.GetFrame(EncryptionLevel.Initial).IsApplicationError);
            Assert.False(plan.GetFrame(EncryptionLevel.Handshake).IsApplicationError);
            if (confirmedBefore)
            {
                Assert.True(plan.Includes(EncryptionLevel.OneRtt));
                Assert.Equal(1, plan.LevelCount); // §10.2.3 MUST: 1-RTT only once confirmed
            }
            if (lc.IsServer) Assert.False(plan.Includes(EncryptionLevel.ZeroRtt));
            if (before == ConnectionState.Closing)
            {
                _closeAnswers++;
                // Answers to the 1st, 2nd, 4th, … packet: at most log2(n) + 1 of them.
                Assert.True(_closeAnswers <= Math.Log2(_packetsWhileClosing) + 1);
            }
        }
    }
}
