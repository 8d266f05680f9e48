using System.Net;
using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Transport;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

public class PeerConnectionIdsTests
{
    private static readonly ConnectionId Handshake = ConnectionId.FromHex("a0a1a2a3a4a5a6a7");

    private static ConnectionId Cid(int n) => new([0xc0, (byte)n, 1, 2, 3, 4, 5, 6]);

    private static StatelessResetToken Token(int n)
    {
        var bytes = new byte[16];
        bytes.AsSpan().Fill((byte)n);
        bytes[0] = 0xee;
        return new StatelessResetToken(bytes);
    }

    private static NewConnectionIdFrame Ncid(int seq, int retirePriorTo = 0) =>
        new((ulong)seq, (ulong)retirePriorTo, Cid(seq), Token(seq));

    private static List<ulong> DrainRetirements(PeerConnectionIds ids)
    {
        var seqs = new List<ulong>();
        while (ids.TryDequeueFrame(out var frame)) seqs.Add(frame.SequenceNumber);
        return seqs;
    }

    private static void AssertError(TransportErrorCode code, Action action, ulong frameType = (ulong)FrameType.NewConnectionId)
    {
        var ex = Assert.Throws<QuicProtocolException>(action);
        Assert.Equal(code, ex.ErrorCode);
        Assert.Equal(frameType, ex.FrameType);
    }

    [Fact]
    public void Starts_with_the_handshake_id_as_current()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        Assert.Equal(Handshake, ids.Current);
        Assert.Equal(0UL, ids.CurrentSequenceNumber);
        Assert.Equal(1, ids.ActiveCount);
        Assert.Equal(0, ids.UnusedCount);
        Assert.True(ids.HasUsableConnectionId);
        Assert.False(ids.HasPendingFrames);
    }

    [Fact]
    public void Client_replaces_its_random_id_with_the_servers_during_the_handshake()
    {
        var ids = new PeerConnectionIds(ConnectionId.FromHex("0011223344556677"), 4);
        ids.SetHandshakeConnectionId(ConnectionId.FromHex("99")); // Retry's SCID
        ids.SetHandshakeConnectionId(Handshake);                  // the server's Initial SCID
        Assert.Equal(Handshake, ids.Current);
        ids.OnNewConnectionId(Ncid(1));
        Assert.Throws<InvalidOperationException>(() => ids.SetHandshakeConnectionId(Cid(9)));
    }

    [Fact]
    public void New_ids_are_stored_and_repeats_are_harmless()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        ids.OnNewConnectionId(Ncid(2));
        ids.OnNewConnectionId(Ncid(1));
        Assert.Equal(3, ids.ActiveCount);
        Assert.Equal(2, ids.UnusedCount);
        Assert.Equal(Handshake, ids.Current);
        Assert.Empty(DrainRetirements(ids));
    }

    [Fact]
    public void Same_sequence_with_another_id_or_token_is_a_protocol_violation()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(1) with { ConnectionId = Cid(7) }));
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(1) with { StatelessResetToken = Token(7) }));
    }

    [Fact]
    public void Same_id_or_token_under_another_sequence_is_a_protocol_violation()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(2) with { ConnectionId = Cid(1) }));
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(2) with { ConnectionId = Handshake }));
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(2) with { StatelessResetToken = Token(1) }));
        Assert.Equal(2, ids.ActiveCount);
    }

    [Fact]
    public void New_connection_id_from_a_zero_length_peer_is_a_protocol_violation()
    {
        var ids = new PeerConnectionIds(ConnectionId.Empty, 4);
        Assert.True(ids.IsZeroLength);
        AssertError(TransportErrorCode.ProtocolViolation, () => ids.OnNewConnectionId(Ncid(1)));
        Assert.Throws<InvalidOperationException>(() => ids.Retire(0));
        Assert.False(ids.TryRotate());
    }

    [Fact]
    public void More_active_ids_than_our_limit_is_a_connection_id_limit_error()
    {
        var ids = new PeerConnectionIds(Handshake, 2);
        ids.OnNewConnectionId(Ncid(1));
        AssertError(TransportErrorCode.ConnectionIdLimitError, () => ids.OnNewConnectionId(Ncid(2)));
    }

    [Fact]
    public void Retire_prior_to_retires_first_so_the_limit_is_not_exceeded()
    {
        var ids = new PeerConnectionIds(Handshake, 2);
        ids.OnNewConnectionId(Ncid(1));
        ids.OnNewConnectionId(Ncid(2, retirePriorTo: 1));
        Assert.Equal(2, ids.ActiveCount);
        Assert.False(ids.IsActive(0));
        Assert.True(ids.IsRetired(0));
        // The current ID was retired: switch to the lowest unused one at once (§5.1.2).
        Assert.Equal(Cid(1), ids.Current);
        Assert.Equal([0UL], DrainRetirements(ids));

        // A smaller Retire Prior To later has no effect (§19.15).
        ids.OnNewConnectionId(Ncid(2, retirePriorTo: 0));
        Assert.Equal(1UL, ids.LargestRetirePriorTo);
        Assert.Empty(DrainRetirements(ids));
    }

    [Fact]
    public void An_id_below_a_previous_retire_prior_to_is_retired_at_once_and_only_once()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(5, retirePriorTo: 4));
        Assert.Equal([0UL], DrainRetirements(ids));
        ids.OnNewConnectionId(Ncid(2, retirePriorTo: 1));
        Assert.False(ids.IsActive(2));
        Assert.Equal([2UL], DrainRetirements(ids));
        ids.OnNewConnectionId(Ncid(2, retirePriorTo: 1));
        Assert.Empty(DrainRetirements(ids));
        Assert.Equal(1, ids.ActiveCount);
        Assert.Equal(Cid(5), ids.Current);
    }

    [Fact]
    public void A_retired_id_is_never_revived_by_a_retransmission()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        ids.OnNewConnectionId(Ncid(2));
        Assert.True(ids.TryAcquireUnused(out ulong probeSeq, out var probeCid));
        Assert.Equal(1UL, probeSeq);
        Assert.Equal(Cid(1), probeCid);
        ids.Retire(1); // the probed path was abandoned
        ids.OnNewConnectionId(Ncid(1));
        Assert.False(ids.IsActive(1));
        Assert.Equal([1UL], DrainRetirements(ids));
    }

    [Fact]
    public void Rotation_moves_to_an_unused_id_and_retires_the_old()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        Assert.False(ids.TryRotate());
        ids.OnNewConnectionId(Ncid(1));
        ids.OnNewConnectionId(Ncid(2));
        Assert.True(ids.TryRotate());
        Assert.Equal(Cid(1), ids.Current);
        Assert.Equal([0UL], DrainRetirements(ids));
        Assert.True(ids.TryRotate());
        Assert.Equal(Cid(2), ids.Current);
        Assert.False(ids.TryRotate());
        Assert.Equal([1UL], DrainRetirements(ids));
        Assert.Equal(1, ids.ActiveCount);
    }

    [Fact]
    public void Acquire_switch_and_retire_follow_the_rules()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        Assert.True(ids.TryAcquireUnused(out ulong seq, out _));
        Assert.False(ids.TryAcquireUnused(out _, out _));
        Assert.Equal(Handshake, ids.Current); // acquiring does not switch
        Assert.Throws<InvalidOperationException>(() => ids.Retire(0)); // current
        Assert.Throws<InvalidOperationException>(() => ids.SwitchTo(9));
        ids.SwitchTo(seq);
        ids.Retire(0);
        ids.Retire(0); // no-op
        Assert.Equal([0UL], DrainRetirements(ids));
    }

    [Fact]
    public void Retire_frames_are_resent_on_loss_until_acknowledged()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(3, retirePriorTo: 3)); // retires 0
        Assert.True(ids.TryDequeueFrame(out var frame));
        Assert.Equal(new RetireConnectionIdFrame(0), frame);
        Assert.Equal(1, ids.UnackedRetirements);
        ids.OnFrameLost(frame);
        ids.OnFrameLost(frame); // already re-queued
        Assert.True(ids.TryDequeueFrame(out var again));
        Assert.Equal(frame, again);
        Assert.False(ids.TryDequeueFrame(out _));
        ids.OnFrameAcked(again);
        Assert.Equal(0, ids.UnackedRetirements);
        ids.OnFrameLost(again); // late loss report after the ack: nothing to do
        Assert.False(ids.HasPendingFrames);
    }

    [Fact]
    public void An_ack_after_a_spurious_loss_cancels_the_resend()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1, retirePriorTo: 1));
        Assert.True(ids.TryDequeueFrame(out var frame));
        ids.OnFrameLost(frame);
        Assert.True(ids.HasPendingFrames);
        Assert.True(ids.TryDequeueFrame(out _));
        ids.OnFrameLost(frame);
        ids.OnFrameAcked(frame);
        Assert.False(ids.HasPendingFrames);
        Assert.Equal(0, ids.UnackedRetirements);
    }

    [Fact]
    public void Too_many_unacknowledged_retirements_is_a_connection_id_limit_error()
    {
        var ids = new PeerConnectionIds(Handshake, 2);
        // Each frame retires the previous one; nothing is ever acknowledged.
        int seq = 1;
        var ex = Assert.Throws<QuicProtocolException>(() =>
        {
            for (; seq < 100; seq++) ids.OnNewConnectionId(Ncid(seq, retirePriorTo: seq));
        });
        Assert.Equal(TransportErrorCode.ConnectionIdLimitError, ex.ErrorCode);
        Assert.Equal(9, seq); // 4 × limit tracked, the 9th is refused
    }

    [Fact]
    public void Without_any_active_id_nothing_is_usable_until_a_new_one_arrives()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(Ncid(1));
        Assert.True(ids.TryAcquireUnused(out _, out _));
        ids.Retire(1);
        // A retransmission of seq 1 carrying Retire Prior To 1 (its later value) retires seq 0,
        // and seq 1 was already retired: no ID is left.
        ids.OnNewConnectionId(Ncid(1, retirePriorTo: 1));
        Assert.False(ids.HasUsableConnectionId);
        Assert.Equal(0, ids.ActiveCount);
        ids.OnNewConnectionId(Ncid(2, retirePriorTo: 1));
        Assert.True(ids.HasUsableConnectionId);
        Assert.Equal(Cid(2), ids.Current);
    }

    [Fact]
    public void Preferred_address_id_is_sequence_one()
    {
        var ids = new PeerConnectionIds(Handshake, 2);
        var preferred = new PreferredAddress(new IPEndPoint(IPAddress.Loopback, 4433), new IPEndPoint(IPAddress.IPv6Any, 0), Cid(1), Token(1));
        ids.OnPreferredAddress(preferred);
        Assert.True(ids.IsActive(1));
        Assert.Equal(1, ids.UnusedCount);
        // Its NEW_CONNECTION_ID twin is a repeat, not a conflict.
        ids.OnNewConnectionId(Ncid(1));
        ids.SwitchTo(1);
        Assert.Equal(Cid(1), ids.Current);
    }

    [Fact]
    public void Preferred_address_errors_are_transport_parameter_errors()
    {
        var preferred = new PreferredAddress(new IPEndPoint(IPAddress.Loopback, 4433), new IPEndPoint(IPAddress.IPv6Any, 0), Handshake, Token(1));
        AssertError(TransportErrorCode.TransportParameterError,
            () => new PeerConnectionIds(Handshake, 2).OnPreferredAddress(preferred), frameType: 0);
        AssertError(TransportErrorCode.TransportParameterError,
            () => new PeerConnectionIds(ConnectionId.Empty, 2).OnPreferredAddress(preferred), frameType: 0);
    }
}
