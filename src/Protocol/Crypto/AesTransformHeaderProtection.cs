using System.Security.Cryptography;

namespace ActorQuic.Protocol.Crypto;

/// <summary>
/// Portable AES-ECB header protection (RFC 9001 §5.4.3) for machines without AES-NI: a cached
/// ECB encryptor, so no per-packet allocation (a fresh <c>Aes.EncryptEcb</c> call costs as much
/// as a GCM seal). TransformBlock needs arrays, hence the scratch buffers.
/// </summary>
internal sealed class AesTransformHeaderProtection : HeaderProtection
{
    private readonly System.Security.Cryptography.Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _input = new byte[SampleLength];
    private readonly byte[] _output = new byte[SampleLength];

    public AesTransformHeaderProtection(ReadOnlySpan<byte> key)
    {
        if (key.Length is not (16 or 32))
            throw new ArgumentException("AES header protection keys are 16 or 32 bytes", nameof(key));
        _aes = System.Security.Cryptography.Aes.Create();
        var keyCopy = key.ToArray();
        _aes.Key = keyCopy;
        ZeroKey(keyCopy);
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    public override void ComputeMask(ReadOnlySpan<byte> sample, Span<byte> mask)
    {
        CheckArguments(sample, mask);
        sample.CopyTo(_input);
        _encryptor.TransformBlock(_input, 0, SampleLength, _output, 0);
        _output.AsSpan(0, MaskLength).CopyTo(mask);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing) return;
        _encryptor.Dispose();
        _aes.Dispose();
        CryptographicOperations.ZeroMemory(_output);
    }
}
