using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Crypto;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

public class LocalConnectionIdsTests
{
    private static readonly StatelessResetTokenGenerator Tokens = new(Enumerable.Repeat((byte)0x42, 32).ToArray());
    private static readonly ConnectionId Initial = ConnectionId.FromHex("0102030405060708");

    private static LocalConnectionIds Create(int seed = 1234, int maxActive = LocalConnectionIds.DefaultMaxActive) =>
        new(Initial, Tokens, new Random(seed).NextBytes, maxActive);

    private static StatelessResetToken TokenFor(ConnectionId cid) => new(Tokens.Generate(cid));

    private static List<NewConnectionIdFrame> DrainFrames(LocalConnectionIds ids)
    {
        var frames = new List<NewConnectionIdFrame>();
        while (ids.TryDequeueFrame(out var frame)) frames.Add(frame);
        return frames;
    }

    private static List<ConnectionIdRoutingChange> DrainRouting(LocalConnectionIds ids)
    {
        var changes = new List<ConnectionIdRoutingChange>();
        while (ids.TryDequeueRoutingChange(out var change)) changes.Add(change);
        return changes;
    }

    [Fact]
    public void Handshake_id_is_sequence_zero_and_routed_with_its_token()
    {
        var ids = Create();
        Assert.Equal(8, ids.ConnectionIdLength);
        Assert.Equal(1, ids.ActiveCount);
        Assert.Equal(1UL, ids.NextSequenceNumber);
        Assert.True(ids.TryGetSequenceNumber(Initial, out ulong seq));
        Assert.Equal(0UL, seq);
        Assert.Equal(TokenFor(Initial), ids.InitialResetToken);
        Assert.Equal([new CidIssued(Initial, TokenFor(Initial))], DrainRouting(ids));
        // The handshake ID travels in the long header, never in NEW_CONNECTION_ID.
        Assert.Empty(DrainFrames(ids));
    }

    [Fact]
    public void Replenish_issues_up_to_the_peer_limit_capped_locally()
    {
        var ids = Create(maxActive: 5);
        DrainRouting(ids);
        // Before the peer's transport parameters, the default limit of 2 applies (§18.2).
        Assert.Equal(1, ids.Replenish());
        Assert.Equal(2, ids.ActiveCount);
        ids.SetPeerActiveConnectionIdLimit(4);
        Assert.Equal(2, ids.Replenish());
        Assert.Equal(0, ids.Replenish());
        ids.SetPeerActiveConnectionIdLimit(100);
        Assert.Equal(5, ids.TargetActiveCount);
        Assert.Equal(1, ids.Replenish());
        Assert.Equal(5, ids.ActiveCount);

        var frames = DrainFrames(ids);
        Assert.Equal([1UL, 2, 3, 4], frames.Select(f => f.SequenceNumber));
        var routed = DrainRouting(ids).Cast<CidIssued>().ToList();
        Assert.Equal(frames.Select(f => f.ConnectionId), routed.Select(r => r.ConnectionId));
        foreach (var frame in frames)
        {
            Assert.Equal(8, frame.ConnectionId.Length);
            Assert.Equal(0UL, frame.RetirePriorTo);
            Assert.Equal(TokenFor(frame.ConnectionId), frame.StatelessResetToken);
            Assert.True(ids.IsActive(frame.SequenceNumber));
        }
        Assert.Equal(5, frames.Select(f => f.ConnectionId).Append(Initial).Distinct().Count());
    }

    [Fact]
    public void A_peer_limit_below_two_is_refused()
    {
        var ids = Create();
        Assert.Throws<ArgumentOutOfRangeException>(() => ids.SetPeerActiveConnectionIdLimit(1));
    }

    [Fact]
    public void Preferred_address_id_is_sequence_one_without_a_frame()
    {
        var ids = Create();
        ids.IssuePreferredAddressConnectionId(out var cid, out var token);
        Assert.Equal(TokenFor(cid), token);
        Assert.True(ids.TryGetSequenceNumber(cid, out ulong seq));
        Assert.Equal(1UL, seq);
        Assert.Empty(DrainFrames(ids));
        // It counts toward the peer's limit of 2: nothing more to issue.
        Assert.Equal(0, ids.Replenish());
        Assert.Throws<InvalidOperationException>(() => ids.IssuePreferredAddressConnectionId(out _, out _));
    }

    [Fact]
    public void Preferred_address_must_come_first()
    {
        var ids = Create();
        ids.Replenish();
        Assert.Throws<InvalidOperationException>(() => ids.IssuePreferredAddressConnectionId(out _, out _));
    }

    [Fact]
    public void Retiring_an_id_never_issued_is_a_protocol_violation()
    {
        var ids = Create();
        ids.Replenish(); // seq 1
        var ex = Assert.Throws<QuicProtocolException>(() => ids.OnRetireConnectionId(new RetireConnectionIdFrame(2), Initial));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.Equal((ulong)FrameType.RetireConnectionId, ex.FrameType);
    }

    [Fact]
    public void Retiring_the_id_the_packet_was_sent_to_is_a_protocol_violation()
    {
        var ids = Create();
        ids.Replenish();
        var ex = Assert.Throws<QuicProtocolException>(() => ids.OnRetireConnectionId(new RetireConnectionIdFrame(0), Initial));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
        Assert.Equal((ulong)FrameType.RetireConnectionId, ex.FrameType);
        Assert.True(ids.IsActive(0));
    }

    [Fact]
    public void Retire_with_zero_length_ids_is_a_protocol_violation()
    {
        var ids = new LocalConnectionIds(ConnectionId.Empty, Tokens, new Random(1).NextBytes);
        Assert.True(ids.IsZeroLength);
        Assert.Null(ids.InitialResetToken);
        Assert.Equal(0, ids.Replenish());
        Assert.False(ids.TryRotate());
        Assert.False(ids.HasRoutingChanges);
        Assert.Throws<InvalidOperationException>(() => ids.IssuePreferredAddressConnectionId(out _, out _));
        var ex = Assert.Throws<QuicProtocolException>(() => ids.OnRetireConnectionId(new RetireConnectionIdFrame(0), ConnectionId.Empty));
        Assert.Equal(TransportErrorCode.ProtocolViolation, ex.ErrorCode);
    }

    [Fact]
    public void Retire_unroutes_the_id_and_issues_a_replacement()
    {
        var ids = Create();
        ids.SetPeerActiveConnectionIdLimit(3);
        ids.Replenish();
        var first = DrainFrames(ids);
        DrainRouting(ids);

        ids.OnRetireConnectionId(new RetireConnectionIdFrame(0), first[0].ConnectionId);
        Assert.False(ids.IsActive(0));
        Assert.Null(ids.InitialResetToken);
        var changes = DrainRouting(ids);
        Assert.Equal(2, changes.Count);
        Assert.Equal(new CidRetired(Initial), changes[0]);
        var issued = Assert.IsType<CidIssued>(changes[1]);
        var replacement = Assert.Single(DrainFrames(ids));
        Assert.Equal(3UL, replacement.SequenceNumber);
        Assert.Equal(issued.ConnectionId, replacement.ConnectionId);
        Assert.Equal(3, ids.ActiveCount);

        // A retransmitted RETIRE_CONNECTION_ID changes nothing.
        ids.OnRetireConnectionId(new RetireConnectionIdFrame(0), first[0].ConnectionId);
        Assert.Empty(DrainRouting(ids));
        Assert.Empty(DrainFrames(ids));
    }

    [Fact]
    public void Lost_frames_are_sent_again_in_order_unless_retired()
    {
        var ids = Create();
        ids.SetPeerActiveConnectionIdLimit(4);
        ids.Replenish();
        var frames = DrainFrames(ids);
        Assert.Equal(3, frames.Count);

        ids.OnFrameLost(frames[2]);
        ids.OnFrameLost(frames[0]);
        ids.OnFrameLost(frames[0]); // declared lost twice: still one copy
        ids.OnFrameLost(frames[1]);
        ids.OnRetireConnectionId(new RetireConnectionIdFrame(frames[1].SequenceNumber), Initial);
        var again = DrainFrames(ids);
        // The replacement for seq 2 (seq 4) follows the re-sent seq 1 and 3; seq 2 is gone.
        Assert.Equal([1UL, 3, 4], again.Select(f => f.SequenceNumber));
        Assert.Equal(frames[0], again[0]);
        Assert.Equal(frames[2], again[1]);

        // Losing a frame for an ID the peer retired does not bring it back.
        ids.OnFrameLost(frames[1]);
        Assert.False(ids.HasPendingFrames);
    }

    [Fact]
    public void Rotation_asks_the_peer_to_retire_everything_issued_so_far()
    {
        var ids = Create();
        ids.SetPeerActiveConnectionIdLimit(3);
        ids.Replenish();
        var old = DrainFrames(ids); // seq 1, 2
        DrainRouting(ids);

        Assert.True(ids.TryRotate());
        Assert.Equal(3UL, ids.RetirePriorTo);
        var fresh = DrainFrames(ids);
        Assert.Equal([3UL, 4, 5], fresh.Select(f => f.SequenceNumber));
        Assert.All(fresh, f => Assert.Equal(3UL, f.RetirePriorTo));
        // Old IDs stay routable until the peer retires them (§5.1.2 SHOULD keep accepting).
        Assert.Equal(6, ids.ActiveCount);
        Assert.All(DrainRouting(ids), c => Assert.IsType<CidIssued>(c));

        // No second rotation before the peer retired all of the first.
        Assert.False(ids.TryRotate());
        // A lost old frame goes out again with Retire Prior To capped at its own sequence number.
        ids.OnFrameLost(old[1]);
        Assert.True(ids.TryDequeueFrame(out var resent));
        Assert.Equal(old[1] with { RetirePriorTo = 2 }, resent);

        var dcid = fresh[0].ConnectionId;
        foreach (ulong seq in new ulong[] { 0, 1, 2 })
            ids.OnRetireConnectionId(new RetireConnectionIdFrame(seq), dcid);
        // Retired IDs below Retire Prior To are not replaced: three usable ones remain.
        Assert.Empty(DrainFrames(ids));
        Assert.Equal(3, ids.ActiveCount);
        Assert.True(ids.TryRotate());
        Assert.Equal(6UL, ids.RetirePriorTo);
    }

    [Fact]
    public void Rotation_forgets_ids_never_sent()
    {
        var ids = Create();
        ids.SetPeerActiveConnectionIdLimit(3);
        ids.Replenish(); // seq 1, 2 queued, not sent
        Assert.True(ids.TryDequeueFrame(out var sent)); // seq 1 sent
        DrainRouting(ids);

        Assert.True(ids.TryRotate());
        var changes = DrainRouting(ids);
        Assert.Single(changes.OfType<CidRetired>()); // seq 2 retired locally
        Assert.False(ids.IsActive(2));
        Assert.True(ids.IsActive(1));
        Assert.Equal([3UL, 4, 5], DrainFrames(ids).Select(f => f.SequenceNumber));
        Assert.Equal(1UL, sent.SequenceNumber);
    }

    [Fact]
    public void Ids_never_repeat_even_when_the_random_source_does()
    {
        var bytes = new Queue<byte[]>([
            Convert.FromHexString("0102030405060708"), // the handshake ID again
            Convert.FromHexString("1111111111111111"),
            Convert.FromHexString("1111111111111111"),
            Convert.FromHexString("2222222222222222"),
        ]);
        var ids = new LocalConnectionIds(Initial, Tokens, span => bytes.Dequeue().CopyTo(span));
        ids.SetPeerActiveConnectionIdLimit(3);
        ids.Replenish();
        Assert.Equal(
            [ConnectionId.FromHex("1111111111111111"), ConnectionId.FromHex("2222222222222222")],
            DrainFrames(ids).Select(f => f.ConnectionId));

        var stuck = new LocalConnectionIds(Initial, Tokens, span => span.Fill(7));
        stuck.Replenish();
        // The replacement for a retired ID can only repeat the one just issued: refuse, don't spin.
        Assert.Throws<InvalidOperationException>(() => stuck.OnRetireConnectionId(new RetireConnectionIdFrame(1), Initial));
    }

    [Fact]
    public void Custom_token_delegate_is_used()
    {
        var ids = new LocalConnectionIds(Initial, cid => new StatelessResetToken(new byte[16]), new Random(3).NextBytes);
        Assert.Equal(new StatelessResetToken(new byte[16]), ids.InitialResetToken);
    }
}
