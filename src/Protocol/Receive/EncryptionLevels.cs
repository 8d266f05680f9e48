namespace ActorQuic.Protocol.Receive;

/// <summary>A set of encryption levels, one bit per <see cref="EncryptionLevel"/>.</summary>
[Flags]
public enum EncryptionLevels : byte
{
    None = 0,
    Initial = 1 << EncryptionLevel.Initial,
    ZeroRtt = 1 << EncryptionLevel.ZeroRtt,
    Handshake = 1 << EncryptionLevel.Handshake,
    OneRtt = 1 << EncryptionLevel.OneRtt,
}
