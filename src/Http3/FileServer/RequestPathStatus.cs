namespace ActorQuic.Http3.FileServer;

/// <summary>Outcome of decoding a request's :path (see <see cref="RequestPathDecoder"/>).</summary>
internal enum RequestPathStatus : byte
{
    Ok,

    /// <summary>Syntactically unacceptable: 400.</summary>
    Malformed,

    /// <summary>Dot segments climb above the root: 404, the outside does not exist for this server.</summary>
    EscapesRoot,
}
