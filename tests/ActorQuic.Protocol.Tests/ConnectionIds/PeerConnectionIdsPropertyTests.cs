using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;
using CsCheck;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

public class PeerConnectionIdsPropertyTests
{
    /// <summary>
    /// Arbitrary NEW_CONNECTION_ID frames from a careless or hostile peer either fail with
    /// QuicProtocolException or leave the set consistent; nothing else ever escapes.
    /// </summary>
    [Fact]
    public void Arbitrary_frames_fail_cleanly_or_keep_the_set_consistent()
    {
        var frame = Gen.Select(Gen.Int[0, 24], Gen.Int[0, 24], Gen.Int[0, 12], Gen.Int[0, 12]);
        var op = Gen.Select(frame, Gen.Int[0, 9]);
        Gen.Select(op.Array[1, 60], Gen.Int[2, 6]).Sample((ops, limit) =>
        {
            var ids = new PeerConnectionIds(new ConnectionId([0xaa, 0xbb]), (ulong)limit);
            var retired = new HashSet<ulong>();
            foreach (var ((seq, rptCut, cidByte, tokenByte), action) in ops)
            {
                try
                {
                    switch (action)
                    {
                        case 0:
                            ids.TryRotate();
                            break;
                        case 1:
                            ids.TryAcquireUnused(out _, out _);
                            break;
                        case 2:
                            while (ids.TryDequeueFrame(out var retire)) ids.OnFrameAcked(retire);
                            break;
                        default:
                            ulong rpt = (ulong)Math.Min(seq, rptCut);
                            var token = new byte[16];
                            token.AsSpan().Fill((byte)tokenByte);
                            ids.OnNewConnectionId(new NewConnectionIdFrame((ulong)seq, rpt, new ConnectionId([(byte)cidByte, 1]), new StatelessResetToken(token)));
                            break;
                    }
                }
                catch (QuicProtocolException ex)
                {
                    Assert.True(ex.ErrorCode is TransportErrorCode.ProtocolViolation or TransportErrorCode.ConnectionIdLimitError);
                    return; // the connection closes
                }

                Assert.InRange(ids.ActiveCount, 0, limit);
                for (ulong s = 0; s <= 24; s++)
                {
                    if (ids.IsRetired(s)) retired.Add(s);
                    if (retired.Contains(s)) Assert.False(ids.IsActive(s));
                    if (s < ids.LargestRetirePriorTo) Assert.False(ids.IsActive(s));
                }
                if (ids.HasUsableConnectionId) Assert.True(ids.IsActive(ids.CurrentSequenceNumber));
                else Assert.Equal(0, ids.ActiveCount);
            }
        }, seed: "0N0XIzNsQ0O2", iter: 2000);
    }
}
