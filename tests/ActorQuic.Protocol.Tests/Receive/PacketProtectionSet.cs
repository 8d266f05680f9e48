using ActorQuic.Protocol.Crypto;

namespace ActorQuic.Protocol.Tests.Receive;

/// <summary>The test peer's write keys per level.</summary>
internal sealed class PacketProtectionSet
{
    public PacketProtection? Initial { get; set; }
    public PacketProtection? ZeroRtt { get; set; }
    public PacketProtection? Handshake { get; set; }
    public PacketProtection? OneRtt { get; set; }
}
