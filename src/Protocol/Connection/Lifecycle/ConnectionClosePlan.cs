using ActorQuic.Protocol.Frames;

namespace ActorQuic.Protocol.Connection;

/// <summary>
/// Which packets carry the CONNECTION_CLOSE and what each carries (RFC 9000 §10.2.3). After the
/// handshake is confirmed that is one 1-RTT packet; before, the frame goes at every level the peer
/// might be able to read. In Initial and Handshake packets an application close (0x1d) is replaced
/// by a transport close (0x1c) with APPLICATION_ERROR and no reason phrase, so that no application
/// state leaks in weakly protected packets.
/// </summary>
public readonly struct ConnectionClosePlan
{
    private readonly byte _levels; // bit per EncryptionLevel

    internal ConnectionClosePlan(ConnectionCloseFrame frame, byte levelMask)
    {
        Frame = frame;
        _levels = levelMask;
    }

    /// <summary>The frame as closed: sent as is in 0-RTT and 1-RTT packets.</summary>
    public ConnectionCloseFrame Frame { get; }

    /// <summary>No level to send at (no keys); nothing is sent.</summary>
    public bool IsEmpty => _levels == 0;

    /// <summary>How many packets (levels) carry the close.</summary>
    public int LevelCount => System.Numerics.BitOperations.PopCount(_levels);

    /// <summary>True when a packet at <paramref name="level"/> carries the close.</summary>
    public bool Includes(EncryptionLevel level) => (_levels & (1 << (int)level)) != 0;

    /// <summary>
    /// The frame to put in a packet at <paramref name="level"/>: <see cref="Frame"/>, except that an
    /// application close becomes APPLICATION_ERROR (0x0c) with an empty reason in Initial and
    /// Handshake packets (RFC 9000 §10.2.3 MUST).
    /// </summary>
    public ConnectionCloseFrame GetFrame(EncryptionLevel level) =>
        Frame.IsApplicationError && level is EncryptionLevel.Initial or EncryptionLevel.Handshake
            ? ConnectionCloseFrame.ForTransportError(TransportErrorCode.ApplicationError)
            : Frame;

    internal static byte Bit(EncryptionLevel level) => (byte)(1 << (int)level);
}
