using ActorQuic.Dispatcher.Endpoint;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

public sealed class PooledDatagramTests
{
    [Fact]
    public void Copies_the_bytes_and_exposes_exactly_its_length()
    {
        var pool = new CountingArrayPool();
        using var datagram = PooledDatagram.Copy(pool, [1, 2, 3, 4, 5]);
        Assert.Equal(5, datagram.Length);
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, datagram.Span.ToArray());
        datagram.Span[0] = 42; // the owner may decrypt in place
        Assert.Equal(42, datagram.Memory.Span[0]);
        Assert.Equal(1, pool.Rented);
    }

    [Fact]
    public void Is_returned_at_most_once_and_unusable_afterwards()
    {
        var pool = new CountingArrayPool();
        var datagram = PooledDatagram.Copy(pool, new byte[1200]);
        datagram.Return();
        datagram.Return();
        datagram.Dispose();
        Assert.True(datagram.IsReturned);
        Assert.Equal(1, pool.Returned);
        Assert.Equal(0, pool.ForeignReturns);
        Assert.Throws<ObjectDisposedException>(() => datagram.Memory);
        Assert.Throws<ObjectDisposedException>(() => datagram.Span.Length);
    }

    [Fact]
    public void An_empty_datagram_still_rents_and_returns()
    {
        var pool = new CountingArrayPool();
        var datagram = PooledDatagram.Copy(pool, []);
        Assert.Equal(0, datagram.Length);
        Assert.True(datagram.Span.IsEmpty);
        datagram.Return();
        Assert.Equal(0, pool.Outstanding);
    }
}
