using ActorQuic.Protocol.Wire;

namespace ActorQuic.Dispatcher.Simulation;

/// <summary>
/// Ready-made predicates for <see cref="SimulatedNetwork.AddDropRule"/>, after the Haskell
/// quic tests' <c>DropClientPacket [n..]</c>/<c>DropServerPacket [n..]</c>. Indices are
/// 0-based. Stateful rules count under the network's lock, so they need no locking of their own;
/// create a fresh rule per network.
/// </summary>
public static class DropRules
{
    /// <summary>Drops the datagrams <paramref name="sender"/> sends with these indices (its 0th, 1st, ... datagram).</summary>
    public static Func<SimulatedDatagram, bool> Nth(SimulatedTransport sender, params long[] indices)
    {
        var set = new HashSet<long>(indices);
        return d => d.Sender == sender && set.Contains(d.Index);
    }

    /// <summary>
    /// Drops the <paramref name="occurrences"/>-th datagrams from <paramref name="sender"/> whose
    /// first packet is of <paramref name="type"/> (e.g. occurrence 0 of Initial = the first Initial).
    /// </summary>
    public static Func<SimulatedDatagram, bool> NthWithFirstPacket(SimulatedTransport sender, PacketType type, params int[] occurrences)
    {
        var set = new HashSet<int>(occurrences);
        int seen = 0;
        return d => d.Sender == sender && QuicPacketClassifier.GetFirstPacketType(d.Data) == type && set.Contains(seen++);
    }

    /// <summary>As <see cref="NthWithFirstPacket"/>, counting datagrams with a packet of <paramref name="type"/> anywhere in them.</summary>
    public static Func<SimulatedDatagram, bool> NthContaining(SimulatedTransport sender, PacketType type, params int[] occurrences)
    {
        var set = new HashSet<int>(occurrences);
        int seen = 0;
        return d => d.Sender == sender && QuicPacketClassifier.Contains(d.Data, type) && set.Contains(seen++);
    }

    /// <summary>Drops everything from <paramref name="sender"/> while <paramref name="blackout"/> returns true (a partition you switch).</summary>
    public static Func<SimulatedDatagram, bool> While(SimulatedTransport sender, Func<bool> blackout) =>
        d => d.Sender == sender && blackout();
}
