namespace ActorQuic.Protocol.Tls;

/// <summary>Whether an installed secret protects packets we receive or packets we send.</summary>
public enum TlsKeyDirection : byte
{
    Read = 0,
    Write = 1,
}
