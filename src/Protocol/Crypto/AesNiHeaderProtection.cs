using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// AES-ECB header protection (RFC 9001 §5.4.3) with AES-NI: one block costs a few nanoseconds,
/// where a BCL <c>Aes.EncryptEcb</c> call costs as much as a whole GCM seal. AES-NI runs in
/// constant time, which the header protection timing rules want (RFC 9001 §9.5). The key
/// schedule is expanded once with AESKEYGENASSIST (FIPS-197 §5.2).
/// </summary>
internal sealed class AesNiHeaderProtection : HeaderProtection
{
    private readonly Vector128<byte>[] _roundKeys;

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    public AesNiHeaderProtection(ReadOnlySpan<byte> key)
    {
        if (!IsSupported) throw new PlatformNotSupportedException("AES-NI is not available");
        _roundKeys = key.Length switch
        {
            16 => ExpandKey128(key),
            32 => ExpandKey256(key),
            _ => throw new ArgumentException("AES header protection keys are 16 or 32 bytes", nameof(key)),
        };
    }

    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        CheckArguments(sample, mask);
        var keys = _roundKeys;
        var state = Vector128.Create(sample) ^ keys[0];
        int last = keys.Length - 1;
        for (int round = 1; round < last; round++)
            state = X86Aes.Encrypt(state, keys[round]);
        state = X86Aes.EncryptLast(state, keys[last]);
        // Only the first five bytes are a mask; write them without a temporary buffer.
        Unsafe.WriteUnaligned(ref mask[0], state.AsUInt32().ToScalar());
        mask[4] = state.GetElement(4);
    }

    protected override void Dispose(bool disposing)
    {
        Array.Clear(_roundKeys);
    }

    private static Vector128<byte>[] ExpandKey128(ReadOnlySpan<byte> key)
    {
        var rk = new Vector128<byte>[11];
        rk[0] = Vector128.Create(key);
        // The round constants must be immediates for AESKEYGENASSIST, hence the unrolled calls.
        rk[1] = Next128(rk[0], X86Aes.KeygenAssist(rk[0], 0x01));
        rk[2] = Next128(rk[1], X86Aes.KeygenAssist(rk[1], 0x02));
        rk[3] = Next128(rk[2], X86Aes.KeygenAssist(rk[2], 0x04));
        rk[4] = Next128(rk[3], X86Aes.KeygenAssist(rk[3], 0x08));
        rk[5] = Next128(rk[4], X86Aes.KeygenAssist(rk[4], 0x10));
        rk[6] = Next128(rk[5], X86Aes.KeygenAssist(rk[5], 0x20));
        rk[7] = Next128(rk[6], X86Aes.KeygenAssist(rk[6], 0x40));
        rk[8] = Next128(rk[7], X86Aes.KeygenAssist(rk[7], 0x80));
        rk[9] = Next128(rk[8], X86Aes.KeygenAssist(rk[8], 0x1b));
        rk[10] = Next128(rk[9], X86Aes.KeygenAssist(rk[9], 0x36));
        return rk;
    }

    private static Vector128<byte>[] ExpandKey256(ReadOnlySpan<byte> key)
    {
        var rk = new Vector128<byte>[15];
        rk[0] = Vector128.Create(key[..16]);
        rk[1] = Vector128.Create(key[16..]);
        rk[2] = Next128(rk[0], X86Aes.KeygenAssist(rk[1], 0x01));
        rk[3] = Odd256(rk[1], rk[2]);
        rk[4] = Next128(rk[2], X86Aes.KeygenAssist(rk[3], 0x02));
        rk[5] = Odd256(rk[3], rk[4]);
        rk[6] = Next128(rk[4], X86Aes.KeygenAssist(rk[5], 0x04));
        rk[7] = Odd256(rk[5], rk[6]);
        rk[8] = Next128(rk[6], X86Aes.KeygenAssist(rk[7], 0x08));
        rk[9] = Odd256(rk[7], rk[8]);
        rk[10] = Next128(rk[8], X86Aes.KeygenAssist(rk[9], 0x10));
        rk[11] = Odd256(rk[9], rk[10]);
        rk[12] = Next128(rk[10], X86Aes.KeygenAssist(rk[11], 0x20));
        rk[13] = Odd256(rk[11], rk[12]);
        rk[14] = Next128(rk[12], X86Aes.KeygenAssist(rk[13], 0x40));
        return rk;
    }

    /// <summary>
    /// w[i..i+3] from w[i-Nk..] and the assist word RotWord(SubWord(w[i-1])) ^ Rcon, which
    /// AESKEYGENASSIST leaves in its top dword: each word is the running XOR of the previous
    /// block's words plus that dword.
    /// </summary>
    private static Vector128<byte> Next128(Vector128<byte> previous, Vector128<byte> assist)
    {
        var broadcast = Sse2.Shuffle(assist.AsUInt32(), 0xff).AsByte();
        return PrefixXor(previous) ^ broadcast;
    }

    /// <summary>AES-256's second half-block: SubWord(w[i-1]) without rotation or Rcon (FIPS-197 §5.2, i mod Nk = 4).</summary>
    private static Vector128<byte> Odd256(Vector128<byte> previous, Vector128<byte> justMade)
    {
        var assist = X86Aes.KeygenAssist(justMade, 0x00);
        var broadcast = Sse2.Shuffle(assist.AsUInt32(), 0xaa).AsByte();
        return PrefixXor(previous) ^ broadcast;
    }

    /// <summary>(w0, w1, w2, w3) → (w0, w0^w1, w0^w1^w2, w0^w1^w2^w3).</summary>
    private static Vector128<byte> PrefixXor(Vector128<byte> v)
    {
        var shifted = Sse2.ShiftLeftLogical128BitLane(v, 4);
        v ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        v ^= shifted;
        shifted = Sse2.ShiftLeftLogical128BitLane(shifted, 4);
        return v ^ shifted;
    }
}
