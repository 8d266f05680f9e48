namespace ActorQuic.Http3.Messages;

/// <summary>Which message a request stream's receive side carries.</summary>
public enum Http3MessageDirection : byte
{
    /// <summary>We are the server, reading a client's request.</summary>
    Request,

    /// <summary>We are the client, reading interim responses, then the final response.</summary>
    Response,
}
