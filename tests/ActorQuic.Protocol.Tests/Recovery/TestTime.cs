namespace ActorQuic.Protocol.Tests.Recovery;

/// <summary>Readable times for the recovery tests: all times are since connection start.</summary>
internal static class TestTime
{
    public static TimeSpan Ms(double milliseconds) => TimeSpan.FromMilliseconds(milliseconds);
}
