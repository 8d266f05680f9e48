using ActorQuic.Protocol;
using ActorQuic.Protocol.Crypto;
using Akka.Actor;

namespace ActorQuic.ConnectionActors;

public sealed partial class SenderActor
{
    private byte[]? _retryToken;

    private void RetryHandlers() => Receive<RetryAccepted>(OnRetryAccepted);

    /// <summary>
    /// RFC 9000 §17.2.5.2: the client sends its next Initials to the Retry's SCID, carrying the
    /// token in every later Initial (§17.2.5.3 "MUST include the token in all Initial packets it
    /// sends"), protected with Initial keys derived from that DCID (RFC 9001 §5.2). Packet numbers
    /// continue (§17.2.5.3). The resender then hands the unanswered Initials back as lost, which
    /// re-queues the ClientHello from offset 0 for the new Initial.
    /// </summary>
    private void OnRetryAccepted(RetryAccepted retry)
    {
        if (_isServer || _retryToken is not null) return;
        _retryToken = retry.Token;
        _assembler.DestinationConnectionId = retry.SourceConnectionId;
        _assembler.Token = retry.Token;
        var (client, server) = InitialSecrets.CreateProtection(retry.Version, retry.SourceConnectionId.Span);
        server.Dispose();
        _assembler.InstallKeys(EncryptionLevel.Initial, client);
        _resender.Tell(RestartRecoveryAfterRetry.Instance);
    }
}
