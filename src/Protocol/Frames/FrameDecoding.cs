using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Frames;

/// <summary>
/// Reads for frame decoders that turn running out of input into FRAME_ENCODING_ERROR
/// (RFC 9000 §12.4: a frame must fit in its packet), and the throw helpers that keep the
/// exception construction out of the inlined hot paths.
/// </summary>
internal static class FrameDecoding
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong ReadVarint(ref QuicReader r, FrameType type)
    {
        if (!r.TryReadVarint(out ulong value)) ThrowTruncated(type);
        return value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static byte ReadByte(ref QuicReader r, FrameType type)
    {
        if (!r.TryReadByte(out byte value)) ThrowTruncated(type);
        return value;
    }

    /// <summary>Slices <paramref name="length"/> bytes (a peer-supplied varint, so possibly huge) without copying.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlyMemory<byte> ReadMemory(ref QuicReader r, ulong length, FrameType type)
    {
        if (!r.TryReadMemory(length, out var value)) ThrowTruncated(type);
        return value;
    }

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining), StackTraceHidden]
    public static void ThrowTruncated(FrameType type) =>
        throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, "frame is truncated", (ulong)type);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining), StackTraceHidden]
    public static void ThrowEncodingError(FrameType type, string reason) =>
        throw new QuicProtocolException(TransportErrorCode.FrameEncodingError, reason, (ulong)type);

    [DoesNotReturn, MethodImpl(MethodImplOptions.NoInlining), StackTraceHidden]
    public static void ThrowProtocolViolation(ulong type, string reason) =>
        throw new QuicProtocolException(TransportErrorCode.ProtocolViolation, reason, type);
}
