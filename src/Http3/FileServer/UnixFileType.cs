using System.Runtime.InteropServices;

namespace ActorQuic.Http3.FileServer;

/// <summary>
/// The file type (S_IFMT) of a path, which .NET does not expose: FIFOs, sockets and devices look
/// like ordinary files to File.Exists, and opening a FIFO blocks. On Linux this asks statx(2),
/// whose struct layout is the same on every architecture (unlike struct stat); elsewhere, or if
/// statx is unavailable, the answer is <see cref="Kind.Unknown"/> and callers fall back to the
/// size-zero rule (non-regular files report st_size 0 and are never opened).
/// </summary>
internal static partial class UnixFileType
{
    public enum Kind : byte { Unknown, Regular, Directory, Other }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    private const int StatxSize = 256;
    private const int ModeOffset = 28; // struct statx: mask u32, blksize u32, attributes u64, nlink u32, uid u32, gid u32, mode u16
    private const int SIfMt = 0xF000, SIfReg = 0x8000, SIfDir = 0x4000;

    private static bool s_unavailable = !OperatingSystem.IsLinux();

    /// <summary>The type of <paramref name="path"/> itself (a symlink is <see cref="Kind.Other"/>: callers pass real paths).</summary>
    public static unsafe Kind Of(string path)
    {
        if (s_unavailable) return Kind.Unknown;
        byte* buffer = stackalloc byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0) return Kind.Unknown;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            s_unavailable = true;
            return Kind.Unknown;
        }
        int mode = *(ushort*)(buffer + ModeOffset) & SIfMt;
        return mode switch
        {
            SIfReg => Kind.Regular,
            SIfDir => Kind.Directory,
            _ => Kind.Other,
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);
}
