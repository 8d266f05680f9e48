namespace ActorQuic.Protocol;

/// <summary>
/// The four QUIC encryption levels (RFC 9001 §2.1). Initial, Handshake and 1-RTT each have
/// their own packet number space (RFC 9000 §12.3); 0-RTT shares the application space.
/// </summary>
public enum EncryptionLevel : byte
{
    Initial = 0,
    ZeroRtt = 1,
    Handshake = 2,
    OneRtt = 3,
}
