using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Qlog;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Receive;

/// <summary>Version Negotiation and Retry, which only a client accepts (RFC 9000 §6.2, §17.2.1, §17.2.5).</summary>
public sealed partial class PacketReceiver
{
    private bool _versionNegotiationAccepted;
    private bool _retryAccepted;

    /// <summary>
    /// RFC 9000 §6.2: a client discards a VN after any other packet was processed (an earlier
    /// VN included) or when it lists our version; §17.2.1: it must echo our Initial's DCID as
    /// its SCID (our SCID as its DCID is what routed it here). A server never accepts one.
    /// </summary>
    private void HandleVersionNegotiation(in PacketHeader header, ref DatagramReceiveResult result)
    {
        if (_isServer || _anyPacketProcessed || _versionNegotiationAccepted || _retryAccepted
            || _originalDestinationConnectionId is not { } odcid)
        {
            result.DroppedUnexpected++;
            TraceDrop(in header, QlogDropTrigger.UnexpectedPacket);
            return;
        }
        if (!VersionNegotiationPacket.TryParse(header.Packet, out var vn))
        {
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.HeaderParseError);
            return;
        }
        var versions = vn.SupportedVersions;
        if (versions.Contains(_version) || !vn.SourceConnectionId.Span.SequenceEqual(odcid.Span))
        {
            result.DroppedUnexpected++;
            TraceDrop(in header, QlogDropTrigger.UnexpectedPacket);
            return;
        }
        var list = new uint[versions.Count];
        for (int i = 0; i < list.Length; i++)
            list[i] = versions[i];
        _versionNegotiationAccepted = true;
        result.VersionNegotiation = new ReceivedVersionNegotiation(list);
    }

    /// <summary>
    /// RFC 9000 §17.2.5.2: a client accepts at most one Retry, none after processing an Initial
    /// (or any packet), none with an empty token or a tag that fails verification against the
    /// original DCID (RFC 9001 §5.8); §17.2.5.1: none whose SCID equals that DCID. A server never accepts one.
    /// </summary>
    private void HandleRetry(in PacketHeader header, ref DatagramReceiveResult result)
    {
        if (_isServer || _anyPacketProcessed || _retryAccepted || _versionNegotiationAccepted
            || _originalDestinationConnectionId is not { } odcid)
        {
            result.DroppedUnexpected++;
            TraceDrop(in header, QlogDropTrigger.UnexpectedPacket);
            return;
        }
        if (!RetryPacket.TryParse(header.Packet, out var retry))
        {
            // Includes an empty token, which MUST be discarded.
            result.DroppedMalformed++;
            TraceDrop(in header, QlogDropTrigger.HeaderParseError);
            return;
        }
        if (retry.Version != _version
            || retry.SourceConnectionId.Span.SequenceEqual(odcid.Span)
            || !RetryIntegrity.Verify(retry.Version, odcid.Span, retry.Packet.Span))
        {
            result.DroppedUnexpected++;
            TraceDrop(in header, QlogDropTrigger.UnexpectedPacket);
            return;
        }
        _retryAccepted = true;
        result.Retry = new ReceivedRetry(retry.Version, new ConnectionId(retry.SourceConnectionId.Span), retry.Token.ToArray());
    }
}
