using System.Buffers;

namespace ActorQuic.ConnectionActors.Tests.Endpoint;

/// <summary>An <see cref="ArrayPool{T}"/> that counts rents and returns, to prove every pooled datagram came back.</summary>
public sealed class CountingPool : ArrayPool<byte>
{
    private long _rented;
    private long _returned;

    public long Rented => Interlocked.Read(ref _rented);
    public long Returned => Interlocked.Read(ref _returned);
    public long Outstanding => Rented - Returned;

    public override byte[] Rent(int minimumLength)
    {
        Interlocked.Increment(ref _rented);
        return Shared.Rent(minimumLength);
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        Interlocked.Increment(ref _returned);
        Shared.Return(array, clearArray);
    }
}
