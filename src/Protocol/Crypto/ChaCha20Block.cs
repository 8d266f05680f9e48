using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// The ChaCha20 block function (RFC 8439 §2.3). The BCL has no raw ChaCha20 and BouncyCastle's
/// engine keeps its block counter internal, while QUIC header protection sets the counter per
/// packet (RFC 9001 §5.4.4), so this small version is simpler. Add/rotate/XOR only: constant time.
/// </summary>
internal static class ChaCha20Block
{
    public const int BlockLength = 64;

    /// <summary>Writes the first min(64, output.Length) bytes of the keystream block.</summary>
    /// <param name="key">The 256-bit key as eight little-endian words.</param>
    /// <param name="nonce">12 bytes, read as three little-endian words.</param>
    public static void Compute(ReadOnlySpan<uint> key, uint counter, ReadOnlySpan<byte> nonce, Span<byte> output)
    {
        if (key.Length != 8) throw new ArgumentException("ChaCha20 keys are eight words", nameof(key));
        if (nonce.Length != 12) throw new ArgumentException("ChaCha20 nonces are 12 bytes", nameof(nonce));

        // RFC 8439 §2.3: constants "expand 32-byte k", key, counter, nonce.
        uint j0 = 0x61707865, j1 = 0x3320646e, j2 = 0x79622d32, j3 = 0x6b206574;
        uint j4 = key[0], j5 = key[1], j6 = key[2], j7 = key[3];
        uint j8 = key[4], j9 = key[5], j10 = key[6], j11 = key[7];
        uint j12 = counter;
        uint j13 = BinaryPrimitives.ReadUInt32LittleEndian(nonce);
        uint j14 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[4..]);
        uint j15 = BinaryPrimitives.ReadUInt32LittleEndian(nonce[8..]);

        uint x0 = j0, x1 = j1, x2 = j2, x3 = j3, x4 = j4, x5 = j5, x6 = j6, x7 = j7;
        uint x8 = j8, x9 = j9, x10 = j10, x11 = j11, x12 = j12, x13 = j13, x14 = j14, x15 = j15;

        // 20 rounds = 10 double rounds of a column round then a diagonal round (RFC 8439 §2.3).
        for (int i = 0; i < 10; i++)
        {
            QuarterRound(ref x0, ref x4, ref x8, ref x12);
            QuarterRound(ref x1, ref x5, ref x9, ref x13);
            QuarterRound(ref x2, ref x6, ref x10, ref x14);
            QuarterRound(ref x3, ref x7, ref x11, ref x15);
            QuarterRound(ref x0, ref x5, ref x10, ref x15);
            QuarterRound(ref x1, ref x6, ref x11, ref x12);
            QuarterRound(ref x2, ref x7, ref x8, ref x13);
            QuarterRound(ref x3, ref x4, ref x9, ref x14);
        }

        // Add the input state back in and serialize little-endian; the HP mask needs only 5 bytes.
        Span<uint> words = stackalloc uint[16];
        words[0] = x0 + j0; words[1] = x1 + j1; words[2] = x2 + j2; words[3] = x3 + j3;
        words[4] = x4 + j4; words[5] = x5 + j5; words[6] = x6 + j6; words[7] = x7 + j7;
        words[8] = x8 + j8; words[9] = x9 + j9; words[10] = x10 + j10; words[11] = x11 + j11;
        words[12] = x12 + j12; words[13] = x13 + j13; words[14] = x14 + j14; words[15] = x15 + j15;
        int length = Math.Min(BlockLength, output.Length);
        Span<byte> block = stackalloc byte[BlockLength];
        for (int i = 0; i < 16; i++)
            BinaryPrimitives.WriteUInt32LittleEndian(block[(4 * i)..], words[i]);
        block[..length].CopyTo(output);
        words.Clear();
        block.Clear();
    }

    /// <summary>RFC 8439 §2.1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuarterRound(ref uint a, ref uint b, ref uint c, ref uint d)
    {
        a += b; d ^= a; d = BitOperations.RotateLeft(d, 16);
        c += d; b ^= c; b = BitOperations.RotateLeft(b, 12);
        a += b; d ^= a; d = BitOperations.RotateLeft(d, 8);
        c += d; b ^= c; b = BitOperations.RotateLeft(b, 7);
    }
}
