namespace ActorQuic.Dispatcher.Simulation;

/// <summary>Counts of what a <see cref="SimulatedNetwork"/> did, as one consistent snapshot.</summary>
/// <param name="Sent">Datagrams handed to the network by endpoints.</param>
/// <param name="Delivered">Datagrams handed to a sink (duplicates count twice).</param>
/// <param name="Lost">Dropped by <see cref="LinkImpairments.LossRate"/>.</param>
/// <param name="DroppedByRule">Dropped by a rule added with <see cref="SimulatedNetwork.AddDropRule"/>.</param>
/// <param name="Unroutable">Addressed to nobody, or to an address that was rebound or closed while in flight.</param>
/// <param name="Duplicated">Extra copies made by <see cref="LinkImpairments.DuplicateRate"/>.</param>
/// <param name="Corrupted">Copies with a flipped bit.</param>
/// <param name="Reordered">Copies held back by <see cref="LinkImpairments.ReorderRate"/>.</param>
/// <param name="QueueDropped">Tail-dropped at a full bandwidth queue.</param>
/// <param name="TooLarge">Larger than <see cref="LinkImpairments.MaxDatagramSize"/>.</param>
public readonly record struct SimulatedNetworkStatistics(
    long Sent,
    long Delivered,
    long Lost,
    long DroppedByRule,
    long Unroutable,
    long Duplicated,
    long Corrupted,
    long Reordered,
    long QueueDropped,
    long TooLarge);
