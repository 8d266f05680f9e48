namespace ActorQuic.Http3.Tests.QPack;

internal static class Hex
{
    /// <summary>Parses RFC-style hex with spaces ("f1e3 c2e5").</summary>
    public static byte[] Parse(string hex) => Convert.FromHexString(hex.Replace(" ", "").Replace("\n", ""));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes).ToLowerInvariant();
}
