namespace ActorQuic.ConnectionActors.Tests;

/// <summary>The messages a <see cref="Collector"/> received, readable from the test thread.</summary>
public sealed class Collected
{
    private readonly object _gate = new();
    private readonly List<object> _messages = [];

    public void Add(object message)
    {
        lock (_gate) _messages.Add(message);
    }

    public List<T> Of<T>()
    {
        lock (_gate) return [.. _messages.OfType<T>()];
    }

    public List<object> All
    {
        get { lock (_gate) return [.. _messages]; }
    }
}
