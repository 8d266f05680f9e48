namespace ActorQuic.Host.Hq;

/// <summary>Outcome of <see cref="HqRequestLine.TryParse"/>.</summary>
internal enum HqRequestStatus : byte
{
    /// <summary>No line end yet and still under the limit: read more.</summary>
    NeedMore,
    Ok,
    /// <summary>Not <c>GET /path</c>, or over the size limit.</summary>
    Bad,
}
