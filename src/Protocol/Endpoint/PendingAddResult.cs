namespace ActorQuic.Protocol.Endpoint;

/// <summary>Outcome of <see cref="PendingInitialBuffer.Add"/>; everything but <see cref="Added"/> means the datagram was dropped.</summary>
public enum PendingAddResult : byte
{
    Added,

    /// <summary>No connection is being created under that DCID (or its creation was finished or abandoned).</summary>
    NotPending,

    /// <summary>The connection took too long to register; its key and datagrams were discarded.</summary>
    Expired,

    /// <summary>That connection already has its share of buffered datagrams.</summary>
    KeyFull,

    /// <summary>The buffer's total byte budget is used up.</summary>
    BufferFull,
}
