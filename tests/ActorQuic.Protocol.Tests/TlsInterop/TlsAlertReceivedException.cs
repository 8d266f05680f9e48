namespace ActorQuic.Protocol.Tests.TlsInterop;

/// <summary>The peer sent an alert other than close_notify (RFC 9846 §6.2): the connection is over.</summary>
public sealed class TlsAlertReceivedException : Exception
{
    public TlsAlertReceivedException(byte level, byte description)
        : base($"peer sent alert level {level} description {description}")
    {
        Level = level;
        Description = description;
    }

    public byte Level { get; }
    public byte Description { get; }
}
