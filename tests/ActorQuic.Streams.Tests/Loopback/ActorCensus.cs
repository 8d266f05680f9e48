using System.Collections.Concurrent;
using Akka.Actor;

namespace ActorQuic.Streams.Tests.Loopback;

/// <summary>
/// Lists the live actors under a path, level by level: one wildcard ActorSelection per depth
/// ("/user/*", "/user/*/*", ...) answered by Identify and collected by a short-lived actor. A
/// wildcard that matches nothing sends no answer, so each level waits a quiet period after its
/// last answer. The collector itself (a child of /user) is left out of the list.
/// </summary>
public static class ActorCensus
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    public static async Task<IReadOnlyList<string>> ListAsync(ActorSystem system, string root, int maxDepth = 12)
    {
        var answers = new ConcurrentQueue<ActorIdentity>();
        var collector = system.ActorOf(Props.Create(() => new Collector(answers)), $"census-{Guid.NewGuid():N}");
        string self = collector.Path.ToStringWithoutAddress();
        var found = new List<string>();
        try
        {
            string pattern = root.TrimEnd('/');
            for (int depth = 1; depth <= maxDepth; depth++)
            {
                pattern += "/*";
                system.ActorSelection(pattern).Tell(new Identify(depth), collector);
                int before = found.Count;
                var lastAnswer = DateTime.UtcNow;
                while (DateTime.UtcNow - lastAnswer < Quiet)
                {
                    await Task.Delay(20).ConfigureAwait(false);
                    while (answers.TryDequeue(out var identity))
                    {
                        lastAnswer = DateTime.UtcNow;
                        if (identity.Subject is { } subject && Equals(identity.MessageId, depth))
                        {
                            string path = subject.Path.ToStringWithoutAddress();
                            if (!path.StartsWith(self, StringComparison.Ordinal)) found.Add(path);
                        }
                    }
                }
                if (found.Count == before) break;
            }
        }
        finally
        {
            system.Stop(collector);
        }
        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private sealed class Collector : ReceiveActor
    {
        public Collector(ConcurrentQueue<ActorIdentity> answers) => Receive<ActorIdentity>(answers.Enqueue);
    }
}
