using ActorQuic.Http3.Frames;
using ActorQuic.Http3.Messages;
using ActorQuic.Protocol.Streams;

namespace ActorQuic.Http3.Tests.Frames;

/// <summary>
/// Hostile input: 50,000 seeded random and mutated byte streams, each fed in random chunks to the
/// frame reader, the control stream reader and the request stream reader. Every outcome is
/// success or an <see cref="Http3ProtocolException"/> carrying an RFC 9114 code; buffers stay
/// within the configured limits.
/// </summary>
public class Http3HostileInputTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const int Streams = 50_000;
    private const int FieldSectionLimit = 4096;
    private const int SettingsLimit = 1024;

    [Fact]
    public void Random_and_mutated_streams_never_escape_as_other_exceptions()
    {
        var gen = new HostileStreams(seed: 1234);
        var outcomes = new Dictionary<string, int>();
        for (int i = 0; i < Streams; i++)
        {
            byte[] bytes = gen.Next();
            int[] cuts = gen.Cuts(bytes.Length);
            Tally(outcomes, "frames", Run(i, () => FeedFrameReader(bytes, cuts)));
            var role = i % 2 == 0 ? StreamInitiator.Client : StreamInitiator.Server;
            Tally(outcomes, "control", Run(i, () => FeedControlStream(role, bytes, cuts)));
            var direction = i % 2 == 0 ? Http3MessageDirection.Request : Http3MessageDirection.Response;
            Tally(outcomes, "message", Run(i, () => FeedMessageStream(direction, bytes, cuts, i)));
        }

        output.WriteLine(Describe(outcomes));
        // The generator must reach both ends: accepted streams and a spread of error codes.
        Assert.True(outcomes.GetValueOrDefault("frames:ok") > 1000, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("control:ok") > 100, Describe(outcomes));
        Assert.True(outcomes.GetValueOrDefault("message:ok") > 100, Describe(outcomes));
        foreach (var code in new[] { Http3ErrorCode.FrameError, Http3ErrorCode.FrameUnexpected, Http3ErrorCode.ExcessiveLoad,
                     Http3ErrorCode.MissingSettings, Http3ErrorCode.SettingsError, Http3ErrorCode.IdError, Http3ErrorCode.MessageError })
        {
            Assert.True(outcomes.Keys.Any(k => k.EndsWith(":" + code, StringComparison.Ordinal)), $"{code} never seen: {Describe(outcomes)}");
        }
    }

    private static string Run(int index, Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (Http3ProtocolException ex)
        {
            Assert.True(ex.ErrorCode is >= Http3ErrorCode.NoError and <= Http3ErrorCode.VersionFallback,
                $"stream {index}: {ex.ErrorCode} is not an RFC 9114 code");
            Assert.False(string.IsNullOrEmpty(ex.Reason));
            return ex.ErrorCode.ToString();
        }
        catch (Exception ex)
        {
            Assert.Fail($"stream {index}: {ex}");
            throw;
        }
    }

    private static void FeedFrameReader(byte[] bytes, int[] cuts)
    {
        using var reader = new Http3FrameReader(FieldSectionLimit, SettingsLimit);
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, cut - start);
            start = cut;
            while (reader.TryRead(ref chunk, out var ev))
            {
                if (ev.Kind == Http3FrameEventKind.FramePayload) Assert.Equal(ev.FrameLength, (ulong)ev.Payload.Length);
                AssertBounded(reader);
            }
            AssertBounded(reader);
            Assert.True(chunk.IsEmpty);
        }
        reader.CompleteStream();
    }

    private static void FeedControlStream(StreamInitiator role, byte[] bytes, int[] cuts)
    {
        using var reader = new Http3ControlStreamReader(role, SettingsLimit);
        int start = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, cut - start);
            start = cut;
            while (reader.TryRead(ref chunk, out var ev))
            {
                if (ev.Kind == ControlStreamEventKind.Settings) Assert.NotNull(ev.Settings);
            }
        }
    }

    private static void FeedMessageStream(Http3MessageDirection direction, byte[] bytes, int[] cuts, int salt)
    {
        using var reader = new Http3MessageStreamReader(direction, FieldSectionLimit);
        int start = 0;
        int sections = 0;
        foreach (int cut in cuts.Append(bytes.Length))
        {
            ReadOnlySpan<byte> chunk = bytes.AsSpan(start, cut - start);
            start = cut;
            while (reader.TryRead(ref chunk, out var ev))
            {
                Assert.True(ev.Payload.Length <= FieldSectionLimit || ev.Part == Http3MessagePart.Content);
                if (ev.Part != Http3MessagePart.HeaderSection) continue;
                // Play the caller: some header sections are interim responses, some carry a Content-Length.
                sections++;
                if (direction == Http3MessageDirection.Response && (salt + sections) % 3 == 0 && reader.Sequence.ContentReceived == 0)
                    reader.Sequence.OnInterimResponse();
                else if ((salt + sections) % 2 == 0)
                    reader.Sequence.SetContentLength(ev.Payload.Length);
            }
        }
        reader.CompleteStream();
    }

    private static void AssertBounded(Http3FrameReader reader) =>
        // ArrayPool rounds up to a power of two: at most twice the largest limit.
        Assert.True(reader.BufferCapacity <= 2 * FieldSectionLimit, $"buffer grew to {reader.BufferCapacity}");

    private static void Tally(Dictionary<string, int> outcomes, string consumer, string outcome)
    {
        string key = consumer + ":" + outcome;
        outcomes[key] = outcomes.GetValueOrDefault(key) + 1;
    }

    private static string Describe(Dictionary<string, int> outcomes) =>
        string.Join(", ", outcomes.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}"));
}
