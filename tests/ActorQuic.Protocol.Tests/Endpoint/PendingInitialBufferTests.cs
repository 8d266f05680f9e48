using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Endpoint;

public class PendingInitialBufferTests
{
    private static readonly ConnectionId A = ConnectionId.FromHex("a1a1a1a1a1a1a1a1");
    private static readonly ConnectionId B = ConnectionId.FromHex("b2b2b2b2b2b2b2b2");

    private static byte[] Datagram(int size, byte fill) => Enumerable.Repeat(fill, size).ToArray();

    [Fact]
    public void Datagrams_are_handed_over_in_arrival_order_once()
    {
        var buffer = new PendingInitialBuffer();
        Assert.True(buffer.Begin(A, 0));
        Assert.False(buffer.Begin(A, 1)); // already pending
        Assert.Equal(PendingAddResult.Added, buffer.Add(A.Span, Datagram(1200, 1), 10));
        Assert.Equal(PendingAddResult.Added, buffer.Add(A.Span, Datagram(1250, 2), 20));
        Assert.Equal(2, buffer.DatagramCount);
        Assert.Equal(2450, buffer.TotalBytes);

        var taken = buffer.TakeAll(A);
        Assert.Equal([1, 2], taken.Select(d => d[0]));
        Assert.Equal([1200, 1250], taken.Select(d => d.Length));
        Assert.Equal(0, buffer.KeyCount);
        Assert.Equal(0, buffer.TotalBytes);
        Assert.Empty(buffer.TakeAll(A));
        Assert.False(buffer.Contains(A.Span));
        Assert.Equal(0, buffer.Shed);
    }

    [Fact]
    public void The_buffer_copies_so_the_receive_buffer_can_be_reused()
    {
        var buffer = new PendingInitialBuffer();
        buffer.Begin(A, 0);
        var receive = Datagram(1200, 7);
        buffer.Add(A.Span, receive, 1);
        receive.AsSpan().Clear();
        Assert.Equal(7, buffer.TakeAll(A)[0][0]);
    }

    [Fact]
    public void Only_begun_keys_accept_datagrams()
    {
        // Strangers cannot open keys: only the dispatcher's decision to create a connection does.
        var buffer = new PendingInitialBuffer();
        Assert.Equal(PendingAddResult.NotPending, buffer.Add(A.Span, Datagram(1200, 1), 0));
        Assert.Equal(PendingAddResult.NotPending, buffer.Add(new byte[21], Datagram(1200, 1), 0));
        Assert.Equal(0, buffer.KeyCount);
        Assert.Equal(2, buffer.Shed);
    }

    [Fact]
    public void Every_dimension_is_bounded()
    {
        var buffer = new PendingInitialBuffer(maxKeys: 2, maxDatagramsPerKey: 3, maxTotalBytes: 5_000, lifetimeMs: 1_000);
        Assert.True(buffer.Begin(A, 0));
        Assert.True(buffer.Begin(B, 0));
        Assert.False(buffer.Begin(ConnectionId.FromHex("c3c3c3c3c3c3c3c3"), 0)); // keys

        for (int i = 0; i < 3; i++)
            Assert.Equal(PendingAddResult.Added, buffer.Add(A.Span, Datagram(1200, 1), 1));
        Assert.Equal(PendingAddResult.KeyFull, buffer.Add(A.Span, Datagram(1200, 1), 1));
        Assert.Equal(PendingAddResult.Added, buffer.Add(B.Span, Datagram(1400, 1), 1));
        Assert.Equal(PendingAddResult.BufferFull, buffer.Add(B.Span, Datagram(1200, 1), 1)); // 3600 + 1400 + 1200 > 5000
        Assert.Equal(5_000, buffer.TotalBytes);
        Assert.Equal(2, buffer.Shed);
    }

    [Fact]
    public void Keys_expire_with_their_datagrams()
    {
        var buffer = new PendingInitialBuffer(maxKeys: 2, lifetimeMs: 1_000);
        buffer.Begin(A, 0);
        buffer.Begin(B, 500);
        buffer.Add(A.Span, Datagram(1200, 1), 100);
        buffer.Add(A.Span, Datagram(1200, 1), 200);
        buffer.Add(B.Span, Datagram(1200, 1), 600);
        Assert.True(buffer.TryGetNextExpiry(out long next));
        Assert.Equal(1_000, next);

        Assert.Equal(0, buffer.Expire(999));
        Assert.Equal(2, buffer.Expire(1_000));
        Assert.False(buffer.Contains(A.Span));
        Assert.True(buffer.Contains(B.Span));
        Assert.Equal(1, buffer.DatagramCount);
        Assert.Equal(2, buffer.Shed);

        // Adding to a key past its lifetime discards it even before Expire runs.
        Assert.Equal(PendingAddResult.Expired, buffer.Add(B.Span, Datagram(1200, 1), 1_500));
        Assert.Equal(0, buffer.KeyCount);
        Assert.Equal(0, buffer.TotalBytes);
        Assert.False(buffer.TryGetNextExpiry(out _));
    }

    [Fact]
    public void A_full_buffer_makes_room_from_expired_keys_when_a_connection_begins()
    {
        var buffer = new PendingInitialBuffer(maxKeys: 1, lifetimeMs: 100);
        buffer.Begin(A, 0);
        Assert.False(buffer.Begin(B, 50));
        Assert.True(buffer.Begin(B, 100));
        Assert.False(buffer.Contains(A.Span));
    }
}
