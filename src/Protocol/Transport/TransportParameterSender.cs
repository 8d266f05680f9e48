namespace ActorQuic.Protocol.Transport;

/// <summary>
/// Which endpoint produced a set of transport parameters. Decoding needs it because some
/// parameters are server-only (RFC 9000 §18.2) and §7.3 checks differ per side.
/// </summary>
public enum TransportParameterSender : byte
{
    Client,
    Server,
}
