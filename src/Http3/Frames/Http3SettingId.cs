namespace ActorQuic.Http3.Frames;

/// <summary>Setting identifiers this stack understands (RFC 9114 §7.2.4.1, RFC 9204 §5).</summary>
public enum Http3SettingId : ulong
{
    /// <summary>SETTINGS_QPACK_MAX_TABLE_CAPACITY (RFC 9204 §5), default 0.</summary>
    QpackMaxTableCapacity = 0x01,

    /// <summary>SETTINGS_MAX_FIELD_SECTION_SIZE (RFC 9114 §7.2.4.1), default unlimited.</summary>
    MaxFieldSectionSize = 0x06,

    /// <summary>SETTINGS_QPACK_BLOCKED_STREAMS (RFC 9204 §5), default 0.</summary>
    QpackBlockedStreams = 0x07,
}
