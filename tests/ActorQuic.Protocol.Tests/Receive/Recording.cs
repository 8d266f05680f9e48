using ActorQuic.Protocol.Receive;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>What a <see cref="RecordingPacketHandler"/> saw, in order, with frame data copied out.</summary>
internal sealed class Recording
{
    /// <summary>One line per callback: "start Initial 0", "crypto Initial 0 5", "ping", "end Initial 0 ack-eliciting".</summary>
    public List<string> Events { get; } = [];

    public List<ReceivedPacket> Packets { get; } = [];

    public List<(EncryptionLevel Level, ulong Offset, byte[] Data)> Crypto { get; } = [];

    public List<(ulong StreamId, ulong Offset, byte[] Data)> Streams { get; } = [];

    public EncryptionLevel CurrentLevel { get; set; }

    public void Clear()
    {
        Events.Clear();
        Packets.Clear();
        Crypto.Clear();
        Streams.Clear();
    }
}
