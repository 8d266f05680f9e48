using System.Buffers;

namespace ActorQuic.Http3.Frames;

/// <summary>
/// Incremental HTTP/3 frame parser (RFC 9114 §7.1) for one receive stream. Frames arrive split
/// across QUIC STREAM frames at arbitrary points, so the caller pushes whatever bytes it has and
/// pulls events until <see cref="TryRead"/> returns false:
/// <code>
/// while (reader.TryRead(ref chunk, out var ev)) { ... }   // chunk is now empty
/// </code>
/// DATA payloads are streamed as <see cref="Http3FrameEventKind.DataChunk"/> slices of the input;
/// frames whose payload must be parsed as a whole are buffered up to a per-type limit (zero-copy
/// when a payload lies inside one chunk); unknown and reserved types are skipped without
/// buffering (§9, §7.2.8). Not thread-safe: one owner per stream.
/// </summary>
public sealed class Http3FrameReader : IDisposable
{
    /// <summary>Default cap on an encoded HEADERS / PUSH_PROMISE payload.</summary>
    public const int DefaultMaxFieldSectionFrameLength = 64 * 1024;

    /// <summary>Default cap on a SETTINGS payload: real ones are tens of bytes, this leaves room for grease.</summary>
    public const int DefaultMaxSettingsFrameLength = 16 * 1024;

    /// <summary>GOAWAY, CANCEL_PUSH and MAX_PUSH_ID carry exactly one varint: 1..8 bytes.</summary>
    private const int MaxSingleVarintFrameLength = 8;

    /// <summary>Buffers above this size go back to the pool after their frame, so idle streams stay small.</summary>
    private const int RetainedBufferLength = 4096;

    private readonly int _maxFieldSectionFrameLength;
    private readonly int _maxSettingsFrameLength;

    private VarintAccumulator _varint;
    private State _state;
    private PayloadMode _mode;
    private ulong _frameType;
    private ulong _frameLength;
    private ulong _remaining;
    private byte[]? _buffer;
    private int _buffered;
    private bool _releasePending;

    public Http3FrameReader(
        int maxFieldSectionFrameLength = DefaultMaxFieldSectionFrameLength,
        int maxSettingsFrameLength = DefaultMaxSettingsFrameLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxFieldSectionFrameLength);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSettingsFrameLength);
        _maxFieldSectionFrameLength = maxFieldSectionFrameLength;
        _maxSettingsFrameLength = maxSettingsFrameLength;
    }

    private enum State : byte { Type, Length, PayloadPending, Payload }

    private enum PayloadMode : byte { Stream, Buffer, Skip }

    /// <summary>True between frames: ending the stream here is clean (RFC 9114 §7.1).</summary>
    public bool IsAtFrameBoundary =>
        (_state == State.Type && _varint.IsEmpty) || (_state == State.PayloadPending && _frameLength == 0);

    /// <summary>
    /// Consumes bytes from <paramref name="input"/> and reports the next event. Returns false once
    /// <paramref name="input"/> is exhausted without completing one. Throws
    /// <see cref="Http3ProtocolException"/> for frames no stream may carry or that exceed a limit.
    /// </summary>
    public bool TryRead(ref ReadOnlySpan<byte> input, out Http3FrameEvent frameEvent)
    {
        if (_releasePending) ReleaseBuffer(force: false);
        while (true)
        {
            switch (_state)
            {
                case State.Type:
                    if (!_varint.TryAccumulate(ref input, out _frameType)) break;
                    _state = State.Length;
                    continue;

                case State.Length:
                    if (!_varint.TryAccumulate(ref input, out _frameLength)) break;
                    // RFC 9114 §7.2.8: HTTP/2-only frame types are an error wherever they appear.
                    if (Http3FrameTypes.IsHttp2Reserved(_frameType))
                        throw new Http3ProtocolException(Http3ErrorCode.FrameUnexpected, $"HTTP/2 frame type 0x{_frameType:x} received");
                    // The header goes out before any size check so that the stream's own rules judge
                    // the frame's place first (HEADERS on a control stream is H3_FRAME_UNEXPECTED,
                    // whatever its size).
                    _state = State.PayloadPending;
                    frameEvent = new Http3FrameEvent(Http3FrameEventKind.FrameHeader, _frameType, _frameLength, default);
                    return true;

                case State.PayloadPending:
                    BeginPayload();
                    continue;

                case State.Payload:
                    if (_mode == PayloadMode.Stream)
                    {
                        if (_remaining == 0)
                        {
                            _state = State.Type;
                            continue;
                        }
                        if (input.IsEmpty) break;
                        int take = Take(input.Length);
                        frameEvent = new Http3FrameEvent(Http3FrameEventKind.DataChunk, _frameType, _frameLength, input[..take]);
                        input = input[take..];
                        if (_remaining == 0) _state = State.Type;
                        return true;
                    }
                    if (_mode == PayloadMode.Skip)
                    {
                        input = input[Take(input.Length)..];
                        if (_remaining != 0) break;
                        _state = State.Type;
                        continue;
                    }
                    if (TryCompleteBuffered(ref input, out frameEvent)) return true;
                    break;
            }
            frameEvent = default;
            return false;
        }
    }

    /// <summary>
    /// The peer ended the stream cleanly (FIN): a truncated last frame is H3_FRAME_ERROR
    /// (RFC 9114 §7.1). A reset stream needs no such check.
    /// </summary>
    public void CompleteStream()
    {
        if (!IsAtFrameBoundary)
            throw new Http3ProtocolException(Http3ErrorCode.FrameError, "stream ended inside a frame");
    }

    public void Dispose() => ReleaseBuffer(force: true);

    /// <summary>Size of the payload buffer currently held (tests check that memory stays bounded).</summary>
    internal int BufferCapacity => _buffer?.Length ?? 0;

    private int Take(int available)
    {
        int take = _remaining < (ulong)available ? (int)_remaining : available;
        _remaining -= (ulong)take;
        return take;
    }

    private void BeginPayload()
    {
        _remaining = _frameLength;
        _state = State.Payload;
        _buffered = 0;
        switch ((Http3FrameType)_frameType)
        {
            case Http3FrameType.Data:
                _mode = PayloadMode.Stream;
                break;
            case Http3FrameType.Headers:
            case Http3FrameType.PushPromise:
                // Field sections may be large but a whole one is needed to decode it (RFC 9114 §10.5.1);
                // the cap bounds what a peer can make us hold.
                if (_frameLength > (ulong)_maxFieldSectionFrameLength)
                    throw new Http3ProtocolException(Http3ErrorCode.ExcessiveLoad,
                        $"{(Http3FrameType)_frameType} payload of {_frameLength} bytes exceeds {_maxFieldSectionFrameLength}");
                _mode = PayloadMode.Buffer;
                break;
            case Http3FrameType.Settings:
                if (_frameLength > (ulong)_maxSettingsFrameLength)
                    throw new Http3ProtocolException(Http3ErrorCode.ExcessiveLoad,
                        $"SETTINGS payload of {_frameLength} bytes exceeds {_maxSettingsFrameLength}");
                _mode = PayloadMode.Buffer;
                break;
            case Http3FrameType.Goaway:
            case Http3FrameType.CancelPush:
            case Http3FrameType.MaxPushId:
                // RFC 9114 §7.1: a payload that cannot be exactly one varint is H3_FRAME_ERROR; catch the
                // impossible lengths before buffering anything.
                if (_frameLength is 0 or > MaxSingleVarintFrameLength)
                    throw new Http3ProtocolException(Http3ErrorCode.FrameError,
                        $"{(Http3FrameType)_frameType} payload length {_frameLength} cannot hold one varint");
                _mode = PayloadMode.Buffer;
                break;
            default:
                _mode = PayloadMode.Skip;
                break;
        }
    }

    private bool TryCompleteBuffered(ref ReadOnlySpan<byte> input, out Http3FrameEvent frameEvent)
    {
        int length = (int)_frameLength;
        if (_buffered == 0 && input.Length >= length)
        {
            // Whole payload in this chunk: hand it out without copying.
            frameEvent = new Http3FrameEvent(Http3FrameEventKind.FramePayload, _frameType, _frameLength, input[..length]);
            input = input[length..];
            _remaining = 0;
            _state = State.Type;
            return true;
        }
        if (input.IsEmpty)
        {
            frameEvent = default;
            return false;
        }
        if (_buffer is null || _buffer.Length < length)
        {
            ReleaseBuffer(force: true);
            _buffer = ArrayPool<byte>.Shared.Rent(length);
        }
        int take = Take(input.Length);
        input[..take].CopyTo(_buffer.AsSpan(_buffered));
        input = input[take..];
        _buffered += take;
        if (_remaining != 0)
        {
            frameEvent = default;
            return false;
        }
        frameEvent = new Http3FrameEvent(Http3FrameEventKind.FramePayload, _frameType, _frameLength, _buffer.AsSpan(0, length));
        _state = State.Type;
        _buffered = 0;
        // The span above stays valid until the next read; a large buffer is released on the next frame start.
        _releasePending = _buffer.Length > RetainedBufferLength;
        return true;
    }

    private void ReleaseBuffer(bool force)
    {
        if (_buffer is null || (!force && !_releasePending)) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
        _releasePending = false;
    }
}
