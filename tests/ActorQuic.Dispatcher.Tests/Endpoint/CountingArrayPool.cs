using System.Buffers;
using System.Runtime.CompilerServices;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

/// <summary>An array pool that counts rents and returns and fails a test on returning an array it does not have out.</summary>
public sealed class CountingArrayPool : ArrayPool<byte>
{
    private readonly ArrayPool<byte> _inner = Create();
    private readonly ConditionalWeakTable<byte[], object> _out = new();
    private long _rented;
    private long _returned;
    private long _foreignReturns;

    public long Rented => Interlocked.Read(ref _rented);
    public long Returned => Interlocked.Read(ref _returned);
    public long Outstanding => Rented - Returned;

    /// <summary>Returns of arrays not rented from here, or returned twice.</summary>
    public long ForeignReturns => Interlocked.Read(ref _foreignReturns);

    public override byte[] Rent(int minimumLength)
    {
        var array = _inner.Rent(minimumLength);
        _out.AddOrUpdate(array, this);
        Interlocked.Increment(ref _rented);
        return array;
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        if (!_out.Remove(array))
        {
            Interlocked.Increment(ref _foreignReturns);
            return;
        }
        Interlocked.Increment(ref _returned);
        _inner.Return(array, clearArray);
    }
}
