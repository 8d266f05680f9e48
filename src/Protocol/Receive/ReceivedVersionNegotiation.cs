namespace ActorQuic.Protocol.Receive;

/// <summary>
/// A Version Negotiation packet a client accepted (RFC 9000 §6.2, §17.2.1): the first packet
/// from the server, echoing our original Destination Connection ID, not listing our version.
/// A client that speaks no listed version abandons the connection attempt.
/// </summary>
/// <param name="SupportedVersions">The server's list, copied out of the datagram.</param>
public sealed record ReceivedVersionNegotiation(uint[] SupportedVersions);
