using System.Buffers;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Frames;

public sealed partial record Http3Settings
{
    /// <summary>Above this many parameters duplicate detection sorts a pooled array instead of a stack one.</summary>
    private const int StackIdCount = 64;

    /// <summary>
    /// Decodes and validates a SETTINGS payload (RFC 9114 §7.2.4): a truncated parameter is
    /// H3_FRAME_ERROR (§7.1); a repeated identifier or an HTTP/2-only identifier (0x02..0x05,
    /// §7.2.4.1, §A.3) is H3_SETTINGS_ERROR; any other unknown identifier, reserved ones included,
    /// is ignored.
    /// </summary>
    public static Http3Settings Decode(ReadOnlySpan<byte> payload)
    {
        ulong? maxFieldSectionSize = null;
        ulong qpackCapacity = 0, qpackBlocked = 0;

        // Each parameter is at least two bytes, which bounds the id scratch space.
        int maxCount = payload.Length / 2;
        ulong[]? rented = null;
        Span<ulong> ids = maxCount <= StackIdCount
            ? stackalloc ulong[StackIdCount]
            : (rented = ArrayPool<ulong>.Shared.Rent(maxCount));
        try
        {
            int count = 0;
            var r = new QuicReader(payload);
            while (!r.IsEnd)
            {
                if (!r.TryReadVarint(out ulong id) || !r.TryReadVarint(out ulong value))
                    throw new Http3ProtocolException(Http3ErrorCode.FrameError, "SETTINGS payload ends inside a parameter");
                ids[count++] = id;
                switch (id)
                {
                    case (ulong)Http3SettingId.QpackMaxTableCapacity: qpackCapacity = value; break;
                    case (ulong)Http3SettingId.MaxFieldSectionSize: maxFieldSectionSize = value; break;
                    case (ulong)Http3SettingId.QpackBlockedStreams: qpackBlocked = value; break;
                    case >= 0x02 and <= 0x05:
                        throw new Http3ProtocolException(Http3ErrorCode.SettingsError, $"HTTP/2 setting 0x{id:x} in SETTINGS");
                }
            }
            RejectDuplicates(ids[..count]);
        }
        finally
        {
            if (rented is not null) ArrayPool<ulong>.Shared.Return(rented);
        }

        return new Http3Settings
        {
            MaxFieldSectionSize = maxFieldSectionSize,
            QpackMaxTableCapacity = qpackCapacity,
            QpackBlockedStreams = qpackBlocked,
        };
    }

    /// <summary>§7.2.4: the same identifier MUST NOT occur twice; we take the MAY and reject it.</summary>
    private static void RejectDuplicates(Span<ulong> ids)
    {
        if (ids.Length < 2) return;
        ids.Sort();
        for (int i = 1; i < ids.Length; i++)
        {
            if (ids[i] == ids[i - 1])
                throw new Http3ProtocolException(Http3ErrorCode.SettingsError, $"setting 0x{ids[i]:x} repeated");
        }
    }
}
