using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Receive;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class ReceiverActor
{
    /// <summary>
    /// A Retry the <see cref="PacketReceiver"/> accepted (it already verified the tag, that it is
    /// the first one, that nothing was processed before and that its SCID differs from our
    /// DCID, RFC 9000 §17.2.5.2). The server's next Initials are protected with keys derived from
    /// the Retry's SCID (RFC 9001 §5.2): replace our Initial read keys before telling anyone, so
    /// the answer to the new Initial can be read.
    /// </summary>
    private void OnRetry(ReceivedRetry retry)
    {
        var (client, server) = InitialSecrets.CreateProtection(retry.Version, retry.SourceConnectionId.Span);
        client.Dispose(); // the sender derives its own write keys: protections are never shared
        _receiver.InstallKeys(EncryptionLevel.Initial, server);
        var accepted = new RetryAccepted(retry.Version, retry.SourceConnectionId, retry.Token);
        _sender.Tell(accepted);
        Context.Parent.Tell(accepted);
    }
}
