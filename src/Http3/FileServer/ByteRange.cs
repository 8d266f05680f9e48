using System.Globalization;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// A Range request evaluated against a representation of <c>length</c> bytes (RFC 9110 §14.1.2,
/// §14.2). Only one range is honoured: a request for several gets 200 with the whole
/// representation, which §14.2 allows ("a server MAY ignore the Range header field") and which
/// avoids multipart/byteranges and the many-small-ranges amplification of §17.15.
/// </summary>
public readonly record struct ByteRange(ByteRangeKind Kind, long Offset, long Length)
{
    private const string Unit = "bytes=";

    /// <summary>Content-Range value for a 206 (§14.4): <c>bytes first-last/complete</c>.</summary>
    public string ContentRange(long completeLength) => string.Create(CultureInfo.InvariantCulture,
        $"bytes {Offset}-{Offset + Length - 1}/{completeLength}");

    /// <summary>Content-Range value for a 416 (§15.5.17): <c>bytes */complete</c>.</summary>
    public static string UnsatisfiedContentRange(long completeLength) =>
        string.Create(CultureInfo.InvariantCulture, $"bytes */{completeLength}");

    /// <summary>Evaluates a Range field value; null or anything unusable is <see cref="ByteRangeKind.Full"/>.</summary>
    public static ByteRange Evaluate(string? header, long length)
    {
        var full = new ByteRange(ByteRangeKind.Full, 0, length);
        if (header is null) return full;
        var value = header.AsSpan().Trim(" \t");
        // §14.1.1: the range unit is case-insensitive.
        if (!value.StartsWith(Unit, StringComparison.OrdinalIgnoreCase)) return full;
        var set = value[Unit.Length..];

        // range-set = 1#range-spec; empty list elements are allowed by the # rule (§5.6.1.2).
        ReadOnlySpan<char> spec = default;
        int count = 0;
        while (!set.IsEmpty)
        {
            int comma = set.IndexOf(',');
            var item = (comma < 0 ? set : set[..comma]).Trim(" \t");
            set = comma < 0 ? default : set[(comma + 1)..];
            if (item.IsEmpty) continue;
            if (++count > 1) return full;
            spec = item;
        }
        if (count == 0) return full;

        int dash = spec.IndexOf('-');
        if (dash < 0) return full;
        var firstText = spec[..dash];
        var lastText = spec[(dash + 1)..];

        if (firstText.IsEmpty)
        {
            // suffix-range "-n": the last n bytes (§14.1.2); n = 0 is unsatisfiable (§14.1.1).
            if (!TryParseDigits(lastText, out long suffix, out bool overflow)) return full;
            if (overflow) suffix = long.MaxValue;
            if (suffix == 0 || length == 0) return new ByteRange(ByteRangeKind.Unsatisfiable, 0, 0);
            long take = Math.Min(suffix, length);
            return new ByteRange(ByteRangeKind.Partial, length - take, take);
        }

        if (!TryParseDigits(firstText, out long first, out bool firstOverflow)) return full;
        long last;
        if (lastText.IsEmpty) last = long.MaxValue;
        else
        {
            if (!TryParseDigits(lastText, out last, out bool lastOverflow)) return full;
            if (lastOverflow) last = long.MaxValue;
            // §14.1.1: last-pos < first-pos is an invalid range-spec; invalid means ignore the field.
            if (!firstOverflow && last < first) return full;
        }
        // §14.1.1: satisfiable only if first-pos is below the length.
        if (firstOverflow || first >= length) return new ByteRange(ByteRangeKind.Unsatisfiable, 0, 0);
        long lastClamped = Math.Min(last, length - 1);
        return new ByteRange(ByteRangeKind.Partial, first, lastClamped - first + 1);
    }

    private static bool TryParseDigits(ReadOnlySpan<char> digits, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        if (digits.IsEmpty) return false;
        foreach (char c in digits)
        {
            if (c is < '0' or > '9') return false;
            if (overflow) continue;
            if (value > (long.MaxValue - 9) / 10) { overflow = true; continue; }
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
