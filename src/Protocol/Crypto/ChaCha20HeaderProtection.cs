using System.Buffers.Binary;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// ChaCha20 header protection (RFC 9001 §5.4.4): the sample's first 4 bytes are the block
/// counter (little-endian), the other 12 the nonce, and the mask is ChaCha20 applied to five
/// zero bytes, i.e. the first five keystream bytes.
/// </summary>
internal sealed class ChaCha20HeaderProtection : HeaderProtection
{
    private readonly uint[] _key = new uint[8];

    public ChaCha20HeaderProtection(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32) throw new ArgumentException("ChaCha20 header protection keys are 32 bytes", nameof(key));
        for (int i = 0; i < 8; i++)
            _key[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
    }

    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        CheckArguments(sample, mask);
        uint counter = BinaryPrimitives.ReadUInt32LittleEndian(sample);
        ChaCha20Block.Compute(_key, counter, sample[4..], mask[..MaskLength]);
    }

    protected override void Dispose(bool disposing) => Array.Clear(_key);
}
