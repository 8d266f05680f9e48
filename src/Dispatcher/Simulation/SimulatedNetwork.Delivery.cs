using System.Net;

namespace ActorQuic.Dispatcher.Simulation;

public sealed partial class SimulatedNetwork
{
    /// <summary>Delayed datagrams by (due ticks, send sequence): ties keep send order.</summary>
    private readonly PriorityQueue<Delivery, (long DueTicks, long Sequence)> _pending = new();
    private long _sequence;

    /// <summary>
    /// Carries <paramref name="datagram"/> from <paramref name="sender"/> to whoever holds
    /// <paramref name="destination"/>, applying rules and impairments. Returns false only when the
    /// sender is closed; a datagram lost in the network still counts as sent, as with UDP.
    /// </summary>
    internal bool Send(SimulatedTransport sender, ReadOnlySpan<byte> datagram, IPEndPoint destination)
    {
        SimulatedTransport? immediate = null, immediateDuplicate = null;
        lock (_lock)
        {
            if (sender.IsClosed)
                return false;
            long index = sender.NextSendIndex++;
            _sent++;
            byte[] data = datagram.ToArray();
            _routes.TryGetValue(destination, out SimulatedTransport? receiver);
            if (_dropRules.Count > 0)
            {
                var view = new SimulatedDatagram(sender, sender.Address, destination, receiver, index, data);
                foreach (Func<SimulatedDatagram, bool> rule in _dropRules)
                {
                    if (rule(view))
                    {
                        _droppedByRule++;
                        return true;
                    }
                }
            }
            if (receiver is null)
            {
                _unroutable++;
                return true;
            }

            LinkState? link = _links.GetValueOrDefault((sender, receiver));
            LinkImpairments impairments = link?.Impairments ?? _defaultImpairments;
            Random random = sender.Random;
            if (impairments.MaxDatagramSize > 0 && data.Length > impairments.MaxDatagramSize)
            {
                _tooLarge++;
                return true;
            }
            if (impairments.LossRate > 0 && random.NextDouble() < impairments.LossRate)
            {
                _lost++;
                return true;
            }
            bool duplicate = impairments.DuplicateRate > 0 && random.NextDouble() < impairments.DuplicateRate;
            if (duplicate)
                _duplicated++;
            long nowTicks = impairments.MayDelay ? _scheduler.Now.UtcTicks : 0;
            for (int copy = 0; copy < (duplicate ? 2 : 1); copy++)
            {
                byte[] bytes = copy == 0 ? data : (byte[])data.Clone();
                if (impairments.CorruptRate > 0 && random.NextDouble() < impairments.CorruptRate && bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                    _corrupted++;
                }
                var delivery = new Delivery(receiver, destination, sender.Address, bytes);
                if (!impairments.MayDelay)
                {
                    receiver.Enqueue(delivery);
                    if (copy == 0) immediate = receiver; else immediateDuplicate = receiver;
                    continue;
                }
                long delayTicks = DrawDelayTicks(impairments, random);
                if (impairments.BandwidthBytesPerSecond > 0)
                {
                    link ??= GetLink(sender, receiver);
                    if (!TryQueueOnBottleneck(link, impairments, bytes.Length, nowTicks, out long queueTicks))
                    {
                        _queueDropped++;
                        continue;
                    }
                    delayTicks += queueTicks;
                }
                if (delayTicks <= 0)
                {
                    receiver.Enqueue(delivery);
                    immediate = receiver;
                    continue;
                }
                long due = nowTicks + delayTicks;
                _pending.Enqueue(delivery, (due, _sequence++));
                _scheduler.Advanced.ScheduleOnce(TimeSpan.FromTicks(delayTicks), () => DeliverDue(due));
            }
        }
        // Outside the lock: sinks may send, and that re-enters Send.
        immediate?.Drain();
        immediateDuplicate?.Drain();
        return true;
    }

    private long DrawDelayTicks(LinkImpairments impairments, Random random)
    {
        long ticks = impairments.Delay.Ticks;
        if (impairments.Jitter > TimeSpan.Zero)
            ticks += (long)(random.NextDouble() * impairments.Jitter.Ticks);
        if (impairments.ReorderRate > 0 && random.NextDouble() < impairments.ReorderRate)
        {
            ticks += impairments.ReorderDelay.Ticks;
            _reordered++;
        }
        return ticks;
    }

    /// <summary>
    /// A FIFO bottleneck: the datagram leaves after everything queued before it, taking
    /// size / rate to transmit. Tail-drops when the bytes waiting exceed the queue limit.
    /// </summary>
    private static bool TryQueueOnBottleneck(LinkState link, LinkImpairments impairments, int size, long nowTicks, out long queueTicks)
    {
        long rate = impairments.BandwidthBytesPerSecond;
        long start = Math.Max(nowTicks, link.BusyUntilTicks);
        if (impairments.QueueLimitBytes > 0)
        {
            double waitingBytes = (start - nowTicks) / (double)TimeSpan.TicksPerSecond * rate;
            if (waitingBytes + size > impairments.QueueLimitBytes)
            {
                queueTicks = 0;
                return false;
            }
        }
        long transmitTicks = (long)Math.Ceiling(size * (double)TimeSpan.TicksPerSecond / rate);
        link.BusyUntilTicks = start + transmitTicks;
        queueTicks = link.BusyUntilTicks - nowTicks;
        return true;
    }

    /// <summary>
    /// Scheduler callback for a datagram due at <paramref name="dueTicks"/>: delivers every pending
    /// datagram due by then. Popping by the callback's own due time (not the clock) keeps the
    /// order right even when the scheduler runs same-tick callbacks out of order.
    /// </summary>
    private void DeliverDue(long dueTicks)
    {
        List<SimulatedTransport>? touched = null;
        lock (_lock)
        {
            while (_pending.TryPeek(out Delivery delivery, out var priority) && priority.DueTicks <= dueTicks)
            {
                _pending.Dequeue();
                // The destination may have been rebound or closed while the datagram was in flight.
                if (!_routes.TryGetValue(delivery.Destination, out SimulatedTransport? owner) || owner != delivery.Receiver)
                {
                    _unroutable++;
                    continue;
                }
                delivery.Receiver.Enqueue(delivery);
                touched ??= [];
                if (!touched.Contains(delivery.Receiver))
                    touched.Add(delivery.Receiver);
            }
        }
        if (touched is null)
            return;
        foreach (SimulatedTransport receiver in touched)
            receiver.Drain();
    }

    /// <summary>One datagram on its way: the copy that will reach the sink, and the source the sink will see.</summary>
    internal readonly record struct Delivery(SimulatedTransport Receiver, IPEndPoint Destination, IPEndPoint Source, byte[] Data);
}
