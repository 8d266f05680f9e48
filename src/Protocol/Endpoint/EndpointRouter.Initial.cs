using System.Net;
using ActorQuic.Protocol.Packets;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Endpoint;

/// <summary>The server side: whether a client Initial for an unknown DCID opens a connection (RFC 9000 §5.2.2).</summary>
public sealed partial class EndpointRouter<THandle>
{
    private static readonly ReadOnlyMemory<byte> InvalidTokenReason = "invalid token"u8.ToArray();
    private static readonly ReadOnlyMemory<byte> RefusedReason = "server busy"u8.ToArray();

    /// <remarks>
    /// Checks, cheapest first: server role, datagram size (§14.1), a connection already being
    /// created under this DCID (buffer), sample length (RFC 9001 §5.4.2), DCID length (§7.2),
    /// load limits (§5.2.2 CONNECTION_REFUSED), token (§8.1.2–§8.1.3; AES-GCM, so after the
    /// cheap checks and before a NEW_TOKEN token is spent on a refusal), then Retry (§8.1.2).
    /// </remarks>
    private RouteDecision<THandle> RouteInitial(ReadOnlySpan<byte> span, in PacketHeader header, PacketParseStatus status,
        IPEndPoint remote, long nowMs, EndpointLoad load)
    {
        if (!_options.AcceptNewConnections)
            return Unattributable(span, DropReason.NotAcceptingConnections);
        // RFC 9000 §14.1: a server MUST discard an Initial in a datagram under 1200 bytes.
        if (span.Length < MinInitialDatagramSize)
            return Drop(DropReason.InitialDatagramTooSmall);

        var dcid = header.DestinationConnectionId.Span;
        // The 2nd..nth datagram of a ClientHello while the connection its 1st created is not yet
        // in the table: the same DCID (§7.2: unchanged until the server answers).
        if (_pending is not null && _pending.Contains(dcid))
            return RouteDecision<THandle>.BufferForPendingConnection(new ConnectionId(dcid));
        if (status == PacketParseStatus.Discard)
            return Drop(DropReason.PacketTooShort);

        var codec = _options.TokenCodec;
        var token = header.Token.Span;
        // The token's kind byte is in the clear (AddressTokenCodec layout; §8.1.3 lets servers tell
        // the kinds apart). After a Retry the DCID is the Retry's SCID, which may be shorter than 8.
        bool retryToken = codec is not null && !token.IsEmpty && token[0] == (byte)AddressTokenKind.Retry;
        if (!retryToken && dcid.Length < MinInitialDestinationConnectionIdLength)
            return Drop(DropReason.InitialConnectionIdTooShort);

        if (load.Connections >= _options.MaxConnections || load.HandshakesInProgress >= _options.MaxHandshakesInProgress)
        {
            // RFC 9000 §5.2.2: a server refusing a connection SHOULD send an Initial CONNECTION_CLOSE
            // with CONNECTION_REFUSED.
            return _options.RefuseWithConnectionClose
                ? CloseInitial(header, TransportErrorCode.ConnectionRefused, nowMs)
                : Drop(DropReason.ConnectionLimit);
        }

        var odcid = new ConnectionId(dcid);
        var rscid = ConnectionId.Empty;
        var tokenStatus = InitialTokenStatus.None;
        if (retryToken)
        {
            // A client that came back from a Retry will not accept another (§17.2.5.2), so a bad
            // Retry token can only be refused: SHOULD close with INVALID_TOKEN (§8.1.2). The token
            // must also name the DCID the client now uses, i.e. the SCID of our Retry.
            if (codec!.Validate(token, remote, nowMs, out var recovered) != AddressTokenValidation.Valid
                || recovered.Kind != AddressTokenKind.Retry
                || !recovered.RetrySourceConnectionId.Span.SequenceEqual(dcid))
                return CloseInitial(header, TransportErrorCode.InvalidToken, nowMs);
            odcid = recovered.OriginalDestinationConnectionId;
            rscid = recovered.RetrySourceConnectionId;
            tokenStatus = InitialTokenStatus.RetryTokenValid;
        }
        else if (!token.IsEmpty)
        {
            // §8.1.3: a NEW_TOKEN token that fails leaves the client unvalidated, nothing worse
            // (the server may have lost the key); it may still earn a Retry below.
            tokenStatus = codec is not null
                && codec.Validate(token, remote, nowMs, out var recovered) == AddressTokenValidation.Valid
                && recovered.Kind == AddressTokenKind.NewToken
                ? InitialTokenStatus.NewTokenValid
                : InitialTokenStatus.Ignored;
        }

        var connection = new IncomingConnection(header.Version, new ConnectionId(dcid),
            new ConnectionId(header.SourceConnectionId.Span), odcid, rscid, tokenStatus);
        if (_options.RequireRetry && !connection.AddressValidated)
            return SendRetry(header, remote, nowMs);
        return RouteDecision<THandle>.Accept(connection);
    }

    /// <summary>
    /// A Retry (RFC 9000 §8.1.2, §17.2.5.1) with a fresh random SCID, never equal to the client's
    /// DCID, and a token that recovers both IDs when the client echoes it. At most one Retry per
    /// datagram, and never to an Initial that already carries a Retry token (handled above).
    /// </summary>
    private RouteDecision<THandle> SendRetry(in PacketHeader header, IPEndPoint remote, long nowMs)
    {
        var dcid = header.DestinationConnectionId.Span;
        Span<byte> scid = stackalloc byte[_options.LocalConnectionIdLength];
        _options.Random(scid);
        if (scid.SequenceEqual(dcid))
            scid[0] ^= 0xff; // §17.2.5.1: MUST NOT equal the client's DCID; one flip guarantees it
        var token = _options.TokenCodec!.CreateRetryToken(remote, new ConnectionId(dcid), new ConnectionId(scid), nowMs);
        return RouteDecision<THandle>.SendRetry(StatelessResponses.Retry(
            _options.Random, header.Version, header.SourceConnectionId.Span, scid, dcid, token));
    }

    private RouteDecision<THandle> CloseInitial(in PacketHeader header, TransportErrorCode code, long nowMs)
    {
        if (!_responseBucket.TryTake(nowMs))
            return Drop(DropReason.ResponseRateLimited);
        // The server's SCID is arbitrary here: no connection will use it.
        Span<byte> serverScid = stackalloc byte[_options.LocalConnectionIdLength];
        _options.Random(serverScid);
        var packet = StatelessResponses.InitialClose(header.Version, header.DestinationConnectionId.Span,
            header.SourceConnectionId.Span, serverScid, code,
            code == TransportErrorCode.InvalidToken ? InvalidTokenReason : RefusedReason);
        return RouteDecision<THandle>.SendInitialClose(packet, code);
    }
}
