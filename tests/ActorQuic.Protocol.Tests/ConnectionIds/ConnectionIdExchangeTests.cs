using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

/// <summary>
/// One side's <see cref="LocalConnectionIds"/> issuing to the other side's
/// <see cref="PeerConnectionIds"/> over a lossy, reordering, duplicating channel, driven by a
/// seeded generator, checking the §5.1 invariants after every step.
/// </summary>
public class ConnectionIdExchangeTests
{
    private static readonly StatelessResetTokenGenerator Tokens = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Theory]
    [InlineData(1234, 2UL, 8)]
    [InlineData(5678, 4UL, 8)]
    [InlineData(42, 8UL, 3)]
    [InlineData(7, 3UL, 8)]
    public void Random_exchanges_keep_the_invariants(int seed, ulong consumerLimit, int issuerCap)
    {
        var rng = new Random(seed);
        var issuerHandshake = ConnectionId.FromHex("5500000000000000");
        var issuer = new LocalConnectionIds(issuerHandshake, Tokens, new Random(seed + 1).NextBytes, issuerCap);
        var consumer = new PeerConnectionIds(issuerHandshake, consumerLimit);
        consumer.SetHandshakeResetToken(issuer.InitialResetToken!.Value);
        issuer.SetPeerActiveConnectionIdLimit(consumerLimit);
        issuer.Replenish();

        // The dispatcher's routing table, rebuilt from the routing changes alone.
        var routed = new Dictionary<ConnectionId, StatelessResetToken>();
        var everIssued = new HashSet<ConnectionId>();
        var retiredByConsumer = new HashSet<ulong>();
        var toConsumer = new List<NewConnectionIdFrame>();
        var toIssuer = new List<(RetireConnectionIdFrame Frame, ConnectionId Dcid)>();

        for (int step = 0; step < 3000; step++)
        {
            switch (rng.Next(10))
            {
                case 0 or 1:
                    while (issuer.TryDequeueFrame(out var ncid)) toConsumer.Add(ncid);
                    break;
                case 2:
                    while (consumer.TryDequeueFrame(out var retire)) toIssuer.Add((retire, consumer.Current));
                    break;
                case 3 when toConsumer.Count > 0:
                {
                    // Deliver, lose (and re-queue), or duplicate a random NEW_CONNECTION_ID.
                    int i = rng.Next(toConsumer.Count);
                    var frame = toConsumer[i];
                    int fate = rng.Next(6);
                    if (fate != 5) toConsumer.RemoveAt(i);
                    if (fate == 0) issuer.OnFrameLost(frame);
                    else consumer.OnNewConnectionId(frame);
                    break;
                }
                case 4 when toIssuer.Count > 0:
                {
                    int i = rng.Next(toIssuer.Count);
                    var (frame, dcid) = toIssuer[i];
                    toIssuer.RemoveAt(i);
                    if (rng.Next(5) == 0)
                    {
                        consumer.OnFrameLost(frame);
                    }
                    else
                    {
                        issuer.OnRetireConnectionId(frame, dcid);
                        consumer.OnFrameAcked(frame);
                    }
                    break;
                }
                case 5:
                    consumer.TryRotate();
                    break;
                case 6 when rng.Next(4) == 0:
                    issuer.TryRotate();
                    break;
                case 7:
                    consumer.TryAcquireUnused(out _, out _);
                    break;
            }

            while (issuer.TryDequeueRoutingChange(out var change))
            {
                switch (change)
                {
                    case CidIssued issued:
                        Assert.True(everIssued.Add(issued.ConnectionId), "an ID was issued twice");
                        Assert.Equal(new StatelessResetToken(Tokens.Generate(issued.ConnectionId)), issued.ResetToken);
                        routed.Add(issued.ConnectionId, issued.ResetToken);
                        break;
                    case CidRetired retired:
                        Assert.True(routed.Remove(retired.ConnectionId));
                        break;
                }
            }

            // Never more active than the consumer allows; what the issuer counts as usable never
            // exceeds the peer's limit.
            Assert.InRange((ulong)consumer.ActiveCount, 0UL, consumerLimit);
            Assert.Equal(routed.Count, issuer.ActiveCount);
            Assert.True(consumer.HasUsableConnectionId);
            // The ID we send with routes to the issuer, and its token is the one on record.
            Assert.True(routed.ContainsKey(consumer.Current));
            Assert.True(issuer.TryGetSequenceNumber(consumer.Current, out ulong currentSeq));
            Assert.Equal(consumer.CurrentSequenceNumber, currentSeq);
            var reset = new byte[30];
            routed[consumer.Current].Span.CopyTo(reset.AsSpan(14));
            Assert.True(consumer.IsStatelessReset(reset));
            // Retired sequence numbers never come back.
            for (ulong s = 0; s < issuer.NextSequenceNumber; s++)
            {
                if (consumer.IsRetired(s)) retiredByConsumer.Add(s);
                if (retiredByConsumer.Contains(s)) Assert.False(consumer.IsActive(s));
            }
        }

        // The exchange really exercised rotation and replacement.
        Assert.True(issuer.NextSequenceNumber > 20, $"only {issuer.NextSequenceNumber} IDs issued");
        Assert.True(issuer.RetirePriorTo > 0);
    }
}
