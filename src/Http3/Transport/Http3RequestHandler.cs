namespace ActorQuic.Http3.Transport;

/// <summary>
/// The application's side of an HTTP/3 server: called once per validated request, on the thread
/// pool. It answers with <see cref="Http3ServerRequest.RespondAsync"/>; returning without a response
/// sends 500, throwing after the response started resets the stream (H3_INTERNAL_ERROR).
/// </summary>
public delegate Task Http3RequestHandler(Http3ServerRequest request);
