using ActorQuic.Dispatcher.Actors;
using ActorQuic.Protocol;
using ActorQuic.Protocol.Connection;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Receive;
using ActorQuic.Protocol.Recovery;
using ActorQuic.Protocol.Wire;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Pass 2 of receiving, a shell around <see cref="PacketReceiver"/>: removes protection, decodes
/// frames into messages (CRYPTO → tls, ACK → resender, the rest — stream frames included —
/// → connection) and, after each datagram, hands the sender the ACK state of every space
/// that received packets (<see cref="AckReady"/>). Builds its own <see cref="PacketProtection"/>
/// from each secret: protections are never shared between actors. A
/// <see cref="QuicProtocolException"/> escapes to the connection's supervision, which closes
/// the connection with its code.
/// </summary>
public sealed partial class ReceiverActor : ReceiveActor, IDisposable
{
    private readonly PacketReceiver _receiver;
    private readonly ConnectionClock _clock;
    private readonly bool _isServer;
    private readonly uint _version;
    private IActorRef _tls = ActorRefs.Nobody;
    private IActorRef _sender = ActorRefs.Nobody;
    private IActorRef _resender = ActorRefs.Nobody;
    private readonly ReceiveOutputs _outputs = new();
    private readonly AckRange[] _ackScratch = new AckRange[64];
    private bool _peerCidReported;
    private bool _addressValidated;
    private TimeSpan? _reportedAckDeadline;

    public ReceiverActor(PacketReceiverOptions options, ConnectionClock clock)
    {
        _receiver = new PacketReceiver(options);
        _isServer = options.IsServer;
        _version = options.Version;
        _clock = clock;
        Receive<ConnectionChildren>(c =>
        {
            _tls = c.Tls;
            _sender = c.Sender;
            _resender = c.Resender;
        });
        Receive<DatagramToProcess>(m => OnDatagrams(new ReadOnlySpan<DatagramToProcess>(in m)));
        Receive<DatagramBatchToProcess>(m => OnDatagrams(m.Datagrams));
        Receive<InstallReadKeys>(OnInstallKeys);
        Receive<EnableOneRtt>(_ =>
        {
            _receiver.OnHandshakeCompleted();
            Replay();
        });
        Receive<DiscardKeys>(m =>
        {
            _receiver.DiscardKeys(m.Level);
            ReportAckDeadline();
        });
        Receive<AckSent>(m =>
        {
            _receiver.OnAckSent(m.Space);
            ReportAckDeadline();
        });
        Receive<AckFrameAcknowledged>(m => _receiver.OnAckFrameAcknowledged(m.Space, m.LargestAcknowledged));
        Receive<AddressValidated>(_ => _addressValidated = true);
        KeyUpdateHandlers();
        QlogHandlers();
        Receive<TimerExpired>(m => m.Kind == TimerKind.AckDelay, _ =>
        {
            _reportedAckDeadline = null;
            OfferAcks(onlyDue: true);
            ReportAckDeadline();
        });
    }

    public static Props Props(PacketReceiverOptions options, ConnectionClock clock) =>
        FactoryProps.Of(() => new ReceiverActor(options, clock));

    public void Dispose() => _receiver.Dispose();

    protected override void PostStop() => _receiver.Dispose();

    private void OnInstallKeys(InstallReadKeys keys)
    {
        _receiver.InstallKeys(keys.Level, new PacketProtection(keys.Suite, keys.Secret, _version));
        QlogReadKeys(keys.Level);
        Replay();
    }

    /// <summary>
    /// One datagram, or a batch (the datagrams of one socket drain), processed as a whole and reported
    /// once: its frames' messages in one go, one PacketsProcessed, one ACK offer per space (RFC 9000
    /// §13.2.1 lets an ACK cover many packets). A datagram with a rare outcome (Retry, a peer key
    /// update) is reported at once, with what came before it.
    /// </summary>
    private void OnDatagrams(ReadOnlySpan<DatagramToProcess> datagrams)
    {
        TimeSpan now = _clock.Now;
        if (_isServer && !_addressValidated)
        {
            int bytes = 0;
            foreach (var datagram in datagrams) bytes += datagram.Length;
            _sender.Tell(new DatagramBytesReceived(bytes)); // RFC 9000 §8.1 amplification credit
        }
        _outputs.Clear();
        _outputs.Now = now;
        int processed = 0;
        var levels = EncryptionLevels.None;
        for (int i = 0; i < datagrams.Length; i++)
        {
            DatagramReceiveResult result;
            try
            {
                result = Process(datagrams[i], now);
            }
            catch
            {
                // The rest of the batch is not processed (the connection closes): give their buffers back.
                for (int j = i + 1; j < datagrams.Length; j++) datagrams[j].Pooled?.Return();
                throw;
            }
            if (result.Retry is not null || result.PeerKeyUpdate is not null)
            {
                DeliverOutputs(processed + result.PacketsProcessed, levels | result.ProcessedLevels, result);
                _outputs.Clear();
                _outputs.Now = now;
                processed = 0;
                levels = EncryptionLevels.None;
                continue;
            }
            processed += result.PacketsProcessed;
            levels |= result.ProcessedLevels;
        }
        DeliverOutputs(processed, levels, default);
    }

    /// <summary>Removes protection and parses one datagram; its frames' messages are added to <see cref="_outputs"/>.</summary>
    private DatagramReceiveResult Process(DatagramToProcess datagram, TimeSpan now)
    {
        var handler = new ReceiverFrameHandler(_outputs);
        try
        {
            return _qlog is null
                ? _receiver.Receive(datagram.Buffer.AsMemory(0, datagram.Length), now, ref handler)
                : ReceiveTraced(datagram.Buffer.AsMemory(0, datagram.Length), now, handler);
        }
        finally
        {
            datagram.Pooled?.Return(); // the endpoint's buffer: nothing refers to it after Receive
        }
    }

    private void Replay()
    {
        TimeSpan now = _clock.Now;
        _outputs.Clear();
        _outputs.Now = now;
        var handler = new ReceiverFrameHandler(_outputs);
        var result = _qlog is null ? _receiver.ReplayStashed(now, ref handler) : ReplayTraced(now, handler);
        if (result.PacketsProcessed > 0) DeliverOutputs(result.PacketsProcessed, result.ProcessedLevels, result);
    }

    /// <summary>
    /// Sends what <see cref="_outputs"/> collected; <paramref name="processed"/> and
    /// <paramref name="levels"/> cover every datagram since the last report, <paramref name="result"/>
    /// carries the rare outcomes of the last one (Retry, peer key update).
    /// </summary>
    private void DeliverOutputs(int processed, EncryptionLevels levels, in DatagramReceiveResult result)
    {
        if (result.Retry is { } retry) OnRetry(retry);
        ReportPeerKeyUpdate(in result);
        // Order matters: the new DCID before anything that makes the sender send.
        if (_outputs.PeerSourceConnectionId is { } peerCid && !_peerCidReported)
        {
            _peerCidReported = true;
            var learned = new PeerConnectionIdLearned(peerCid);
            _sender.Tell(learned);
            Context.Parent.Tell(learned);
        }
        foreach (var crypto in _outputs.Crypto) _tls.Tell(crypto);
        foreach (var ack in _outputs.Acks) _resender.Tell(ack);
        var toConnection = _outputs.ToConnection;
        if (toConnection.Count == 1) Context.Parent.Tell(toConnection[0]);
        else if (toConnection.Count > 1) Context.Parent.Tell(new ReceivedFrames(toConnection.ToArray()));
        if (processed > 0)
        {
            Context.Parent.Tell(new PacketsProcessed(true,
                (levels & EncryptionLevels.Handshake) != 0,
                (levels & EncryptionLevels.OneRtt) != 0));
            OfferAcks(onlyDue: false);
        }
        ReportAckDeadline();
    }

    /// <summary>Hands the sender the current ACK frame of each space; due ones may go in a packet of their own.</summary>
    private void OfferAcks(bool onlyDue)
    {
        TimeSpan now = _clock.Now;
        for (var space = PacketNumberSpace.Initial; space <= PacketNumberSpace.ApplicationData; space++)
        {
            bool due = _receiver.IsAckDue(space, now);
            if (onlyDue && !due) continue;
            if (!_receiver.TryBuildAck(space, now, _ackScratch, out int count, out ulong delay)) continue;
            _sender.Tell(new AckReady(space, _ackScratch.AsSpan(0, count).ToArray(), delay, due));
        }
    }

    private void ReportAckDeadline()
    {
        TimeSpan? deadline = _receiver.AckDeadline;
        if (deadline == _reportedAckDeadline) return;
        _reportedAckDeadline = deadline;
        Context.Parent.Tell(new DeadlineChanged(TimerKind.AckDelay, deadline));
    }
}
