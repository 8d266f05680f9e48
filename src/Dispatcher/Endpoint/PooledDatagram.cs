using System.Buffers;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>
/// One received datagram in a buffer rented from an <see cref="ArrayPool{T}"/>. It travels by
/// reference from the socket thread to the endpoint actor and, if routed, on to a connection,
/// so the bytes are copied once (off the socket's reusable receive buffer) and never again.
/// </summary>
/// <remarks>
/// <para>Ownership: exactly one actor owns a datagram at a time, and the owner is whoever it was
/// last sent to. The endpoint owns it on arrival; when it drops the datagram or answers it
/// statelessly it calls <see cref="Return"/>; when it forwards it in
/// <see cref="DatagramReceived"/> ownership moves to the connection, which calls
/// <see cref="Return"/> once it has processed the bytes (and must not keep
/// <see cref="Memory"/> beyond that). Header protection and packet protection may be removed in
/// place: the owner may write to the buffer.</para>
/// <para>Enforcement: <see cref="Return"/> hands the array back at most once (a second call is a
/// no-op, so the pool never gives one array to two renters), and <see cref="Memory"/> and
/// <see cref="Span"/> throw once it is returned. A datagram that is never returned (a Tell to a
/// connection that already stopped ends in dead letters) is simply garbage-collected: the pool
/// does not require returns, it only loses the reuse.</para>
/// </remarks>
public sealed class PooledDatagram : IDisposable
{
    private readonly ArrayPool<byte> _pool;
    private byte[]? _buffer;

    private PooledDatagram(ArrayPool<byte> pool, byte[] buffer, int length)
    {
        _pool = pool;
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Rents a buffer from <paramref name="pool"/> and copies <paramref name="data"/> into it.</summary>
    public static PooledDatagram Copy(ArrayPool<byte> pool, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var buffer = pool.Rent(Math.Max(data.Length, 1));
        data.CopyTo(buffer);
        return new PooledDatagram(pool, buffer, data.Length);
    }

    /// <summary>The datagram's length in bytes (the rented array may be longer).</summary>
    public int Length { get; }

    /// <summary>Whether <see cref="Return"/> was called.</summary>
    public bool IsReturned => Volatile.Read(ref _buffer) is null;

    /// <summary>The datagram's bytes; writable for in-place decryption by the owner.</summary>
    /// <exception cref="ObjectDisposedException">The buffer was returned to the pool.</exception>
    public Memory<byte> Memory => new(Volatile.Read(ref _buffer) ?? throw Returned(), 0, Length);

    /// <inheritdoc cref="Memory"/>
    public Span<byte> Span => Memory.Span;

    /// <summary>Gives the buffer back to its pool. Idempotent: only the first call returns it.</summary>
    public void Return()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
            _pool.Return(buffer);
    }

    /// <summary>Same as <see cref="Return"/>, for <c>using</c>.</summary>
    public void Dispose() => Return();

    public override string ToString() => IsReturned ? $"PooledDatagram({Length} bytes, returned)" : $"PooledDatagram({Length} bytes)";

    private ObjectDisposedException Returned() => new(nameof(PooledDatagram), "the datagram's buffer was already returned to the pool");
}
