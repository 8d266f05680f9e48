using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Send;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Protocol.Tests.Send;

public class StreamSchedulingTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromMilliseconds(10);

    private static SenderFixture OneRtt(ulong peerMaxData = 1 << 20) =>
        new(isServer: false, peerMaxData, EncryptionLevel.OneRtt);

    [Fact]
    public void Three_streams_take_turns()
    {
        using var f = OneRtt();
        ulong[] ids = [0, 4, 8];
        foreach (var id in ids)
        {
            f.Frames.OpenStream(id, 1 << 20);
            f.Frames.WriteStream(id, new byte[5000], fin: true);
        }

        var order = new List<ulong>();
        foreach (var d in f.BuildAll(T0))
            foreach (var p in f.Open(d))
                order.AddRange(p.StreamFrames.Select(s => s.StreamId));

        // Round-robin: each 1200-byte packet holds one frame, and the streams take turns
        // while all three have data (5000 bytes is more than four packets each).
        Assert.True(order.Count >= 15);
        for (int i = 0; i < 12; i++) Assert.Equal(ids[i % 3], order[i]);
        foreach (var id in ids) Assert.Equal(SendStreamState.DataSent, f.Frames.GetStreamStatus(id)!.Value.State);
    }

    [Fact]
    public void Small_streams_share_one_packet()
    {
        using var f = OneRtt();
        for (ulong id = 0; id < 12; id += 4)
        {
            f.Frames.OpenStream(id, 1 << 20);
            f.Frames.WriteStream(id, new byte[100], fin: true);
        }
        var packet = Assert.Single(f.Open(Assert.Single(f.BuildAll(T0))));
        Assert.Equal([0UL, 4UL, 8UL], packet.StreamFrames.Select(s => s.StreamId));
        Assert.All(packet.StreamFrames, s => Assert.True(s.Fin));
    }

    [Fact]
    public void Stream_limit_is_never_exceeded_and_stream_data_blocked_is_sent_once()
    {
        using var f = OneRtt();
        f.Frames.OpenStream(0, 3000);
        f.Frames.WriteStream(0, new byte[10_000]);

        var frames = f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).ToList();

        var streamFrames = frames.OfType<StreamFrame>().ToList();
        Assert.Equal(3000UL, streamFrames.Max(s => s.EndOffset));
        Assert.Equal(3000, streamFrames.Sum(s => s.Data.Length));
        var blocked = Assert.Single(frames.OfType<StreamDataBlockedFrame>());
        Assert.Equal((0UL, 3000UL), (blocked.StreamId, blocked.MaximumStreamData));
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.StreamDataBlockedSent, StreamId: 0, Value: 3000 });

        // More writes while blocked do not repeat it.
        f.Frames.WriteStream(0, new byte[100]);
        Assert.Empty(f.BuildAll(T0));

        // A higher limit releases exactly the new credit; being blocked again at the new limit is signalled again.
        f.Frames.OnPeerMaxStreamData(0, 5000);
        frames = f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).ToList();
        Assert.Equal(5000UL, frames.OfType<StreamFrame>().Max(s => s.EndOffset));
        Assert.Equal(5000UL, Assert.Single(frames.OfType<StreamDataBlockedFrame>()).MaximumStreamData);
    }

    [Fact]
    public void Connection_limit_is_shared_by_streams_and_data_blocked_is_sent_once()
    {
        using var f = OneRtt(peerMaxData: 4000);
        f.Frames.OpenStream(0, 1 << 20);
        f.Frames.OpenStream(4, 1 << 20);
        f.Frames.WriteStream(0, new byte[3000]);
        f.Frames.WriteStream(4, new byte[3000]);

        var frames = f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).ToList();

        Assert.Equal(4000, frames.OfType<StreamFrame>().Sum(s => s.Data.Length));
        Assert.Equal(4000UL, f.Frames.ConnectionDataSent);
        Assert.Equal(4000UL, Assert.Single(frames.OfType<DataBlockedFrame>()).MaximumData);
        Assert.Empty(frames.OfType<StreamDataBlockedFrame>());
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.DataBlockedSent, Value: 4000 });

        f.Frames.WriteStream(4, new byte[10]);
        Assert.Empty(f.BuildAll(T0));

        f.Frames.OnPeerMaxData(10_000);
        frames = f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).ToList();
        Assert.Equal(2010, frames.OfType<StreamFrame>().Sum(s => s.Data.Length));
        Assert.Empty(frames.OfType<DataBlockedFrame>());
    }

    [Fact]
    public void Fin_without_data_and_zero_length_stream()
    {
        using var f = OneRtt();
        f.Frames.OpenStream(2, 0); // no credit needed for an empty stream's FIN
        f.Frames.FinishStream(2);
        var frame = Assert.Single(Assert.Single(f.Open(Assert.Single(f.BuildAll(T0)))).StreamFrames);
        Assert.Equal((2UL, 0UL, 0, true), (frame.StreamId, frame.Offset, frame.Data.Length, frame.Fin));

        f.AckAll();
        var events = f.DrainEvents();
        Assert.Contains(events, e => e is { Kind: SenderEventKind.StreamCompleted, StreamId: 2 });
        Assert.False(f.Frames.HasStream(2));
    }

    [Fact]
    public void Reset_stream_stops_data_and_is_repeated_until_acknowledged()
    {
        using var f = OneRtt();
        f.Frames.OpenStream(0, 1 << 20);
        f.Frames.WriteStream(0, new byte[2000]);
        f.BuildAll(T0);
        var dataPackets = f.Sent.ToList();

        Assert.True(f.Frames.ResetStream(0, 42));
        Assert.False(f.Frames.ResetStream(0, 42));
        var reset = Assert.Single(f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).OfType<ResetStreamFrame>());
        Assert.Equal((0UL, 42UL, 2000UL), (reset.StreamId, reset.ApplicationErrorCode, reset.FinalSize));

        // The STREAM data is not repaired after RESET_STREAM (RFC 9000 §13.3) ...
        foreach (var p in dataPackets) f.Lose(p);
        Assert.Empty(f.BuildAll(T0));

        // ... but the RESET_STREAM is, unchanged.
        f.Lose(f.Sent.Single());
        var again = Assert.Single(f.BuildAll(T0).SelectMany(f.Open).SelectMany(p => p.Frames).OfType<ResetStreamFrame>());
        Assert.Equal(reset, again);

        f.AckAll();
        Assert.Contains(f.DrainEvents(), e => e is { Kind: SenderEventKind.StreamResetAcknowledged, StreamId: 0 });
        Assert.False(f.Frames.HasStream(0));
    }

    [Fact]
    public void Zero_rtt_carries_streams_and_allowed_control_frames_only()
    {
        using var f = new SenderFixture(isServer: false, levels: EncryptionLevel.ZeroRtt);
        f.Frames.OpenStream(0, 1 << 20);
        f.Frames.WriteStream(0, new byte[10]);
        f.Frames.QueueMaxStreamData(3, 5000);        // allowed in 0-RTT
        f.Frames.QueueRetireConnectionId(1);          // not allowed in 0-RTT (RFC 9000 §12.5)
        var packet = Assert.Single(f.Open(Assert.Single(f.BuildAll(T0))));
        Assert.Equal(ActorQuic.Protocol.Wire.PacketType.ZeroRtt, packet.Type);
        Assert.Contains(packet.Frames, x => x is MaxStreamDataFrame { StreamId: 3, MaximumStreamData: 5000 });
        Assert.DoesNotContain(packet.Frames, x => x is RetireConnectionIdFrame);

        f.Install(EncryptionLevel.OneRtt);
        var later = Assert.Single(f.Open(Assert.Single(f.BuildAll(T0))));
        Assert.Equal(1UL, Assert.Single(later.Frames.OfType<RetireConnectionIdFrame>()).SequenceNumber);
    }
}
