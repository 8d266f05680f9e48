using System.Buffers;
using System.Numerics;

namespace ActorQuic.Protocol.Streams;

/// <summary>
/// Sparse byte storage addressed by absolute stream offset, made of fixed-size blocks rented
/// from <see cref="ArrayPool{T}"/>. Blocks are rented only where data lands and returned as
/// soon as everything below them is released, so memory follows the live window
/// (received-but-unread, or written-but-unacknowledged) rather than the stream's length.
/// </summary>
internal sealed class BlockStorage : IDisposable
{
    private readonly int _blockSize;
    private readonly int _shift;
    private readonly ulong _mask;
    private byte[]?[] _slots;
    private int _head;          // slot holding block number _baseBlock
    private ulong _baseBlock;   // lowest block number still addressable
    private int _allocated;

    public BlockStorage(int blockSize)
    {
        if (blockSize < 64 || !BitOperations.IsPow2(blockSize))
            throw new ArgumentOutOfRangeException(nameof(blockSize), blockSize, "must be a power of two of at least 64");
        _blockSize = blockSize;
        _shift = BitOperations.Log2((uint)blockSize);
        _mask = (ulong)blockSize - 1;
        _slots = new byte[]?[4];
    }

    public int BlockSize => _blockSize;

    /// <summary>Blocks currently rented from the pool.</summary>
    public int AllocatedBlocks => _allocated;

    /// <summary>The lowest offset that may still be written or read.</summary>
    public ulong BaseOffset => _baseBlock << _shift;

    /// <summary>Copies <paramref name="data"/> to <paramref name="offset"/>, renting blocks on demand.</summary>
    public void Write(ulong offset, ReadOnlySpan<byte> data)
    {
        if (offset < BaseOffset) throw new InvalidOperationException("write below the released offset");
        while (!data.IsEmpty)
        {
            var block = GetOrRentBlock(offset >> _shift);
            int within = (int)(offset & _mask);
            int n = Math.Min(data.Length, _blockSize - within);
            data[..n].CopyTo(block.AsSpan(within, n));
            data = data[n..];
            offset += (ulong)n;
        }
    }

    /// <summary>
    /// The stored bytes from <paramref name="offset"/> up to <paramref name="maxLength"/> or the
    /// end of that block, whichever comes first. The caller knows the bytes were written.
    /// </summary>
    public ReadOnlySpan<byte> GetSpan(ulong offset, int maxLength)
    {
        var block = GetBlock(offset >> _shift)
            ?? throw new InvalidOperationException($"no data stored at offset {offset}");
        int within = (int)(offset & _mask);
        return block.AsSpan(within, Math.Min(maxLength, _blockSize - within));
    }

    /// <summary>Copies stored bytes starting at <paramref name="offset"/> to fill <paramref name="destination"/>.</summary>
    public void CopyTo(ulong offset, Span<byte> destination)
    {
        while (!destination.IsEmpty)
        {
            var span = GetSpan(offset, destination.Length);
            span.CopyTo(destination);
            destination = destination[span.Length..];
            offset += (ulong)span.Length;
        }
    }

    /// <summary>Returns to the pool every block lying wholly below <paramref name="offset"/>.</summary>
    public void ReleaseBelow(ulong offset)
    {
        ulong newBase = offset >> _shift;
        if (newBase <= _baseBlock) return;
        ulong steps = newBase - _baseBlock;
        if (steps >= (ulong)_slots.Length)
        {
            ReturnAll();
            _head = 0;
        }
        else
        {
            int mask = _slots.Length - 1;
            for (ulong i = 0; i < steps; i++)
            {
                ReturnSlot(_head);
                _head = (_head + 1) & mask;
            }
        }
        _baseBlock = newBase;
    }

    /// <summary>Returns every block; the storage stays usable from its current base offset.</summary>
    public void Dispose() => ReturnAll();

    private byte[]? GetBlock(ulong blockNumber)
    {
        if (blockNumber < _baseBlock) return null;
        ulong k = blockNumber - _baseBlock;
        if (k >= (ulong)_slots.Length) return null;
        return _slots[(_head + (int)k) & (_slots.Length - 1)];
    }

    private byte[] GetOrRentBlock(ulong blockNumber)
    {
        ulong k = blockNumber - _baseBlock;
        if (k >= (ulong)_slots.Length) Grow(k + 1);
        int slot = (_head + (int)k) & (_slots.Length - 1);
        var block = _slots[slot];
        if (block is null)
        {
            block = ArrayPool<byte>.Shared.Rent(_blockSize);
            _slots[slot] = block;
            _allocated++;
        }
        return block;
    }

    private void Grow(ulong needed)
    {
        if (needed > int.MaxValue / 2) throw new InvalidOperationException("offset too far beyond the released offset");
        int capacity = (int)BitOperations.RoundUpToPowerOf2((uint)needed);
        var slots = new byte[]?[capacity];
        // Re-linearise the ring so _head becomes 0.
        for (int i = 0; i < _slots.Length; i++)
            slots[i] = _slots[(_head + i) & (_slots.Length - 1)];
        _slots = slots;
        _head = 0;
    }

    private void ReturnAll()
    {
        for (int i = 0; i < _slots.Length; i++) ReturnSlot(i);
    }

    private void ReturnSlot(int slot)
    {
        var block = _slots[slot];
        if (block is null) return;
        _slots[slot] = null;
        _allocated--;
        ArrayPool<byte>.Shared.Return(block);
    }
}
