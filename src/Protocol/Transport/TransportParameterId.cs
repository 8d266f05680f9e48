namespace ActorQuic.Protocol.Transport;

/// <summary>Transport parameter identifiers this stack understands.</summary>
public enum TransportParameterId : ulong
{
    // RFC 9000 §18.2
    OriginalDestinationConnectionId = 0x00,
    MaxIdleTimeout = 0x01,
    StatelessResetToken = 0x02,
    MaxUdpPayloadSize = 0x03,
    InitialMaxData = 0x04,
    InitialMaxStreamDataBidiLocal = 0x05,
    InitialMaxStreamDataBidiRemote = 0x06,
    InitialMaxStreamDataUni = 0x07,
    InitialMaxStreamsBidi = 0x08,
    InitialMaxStreamsUni = 0x09,
    AckDelayExponent = 0x0a,
    MaxAckDelay = 0x0b,
    DisableActiveMigration = 0x0c,
    PreferredAddress = 0x0d,
    ActiveConnectionIdLimit = 0x0e,
    InitialSourceConnectionId = 0x0f,
    RetrySourceConnectionId = 0x10,

    /// <summary>RFC 9368 §3.</summary>
    VersionInformation = 0x11,

    /// <summary>RFC 9221 §3.</summary>
    MaxDatagramFrameSize = 0x20,

    /// <summary>RFC 9287 §3.</summary>
    GreaseQuicBit = 0x2ab2,
}
