using Akka.Actor;

namespace ActorQuic.Dispatcher.Actors;

/// <summary>
/// Props from a plain delegate. <c>Props.Create(() =&gt; new X(...))</c> takes an expression tree and
/// compiles its argument expressions on every call (six actors per connection made that a large
/// share of the handshake cost); <c>Props.Create&lt;X&gt;(args)</c> binds constructors by reflection
/// at spawn time and ignores optional parameters. A delegate is checked by the compiler and costs one call.
/// </summary>
public static class FactoryProps
{
    /// <summary>Props whose actor is made by <paramref name="factory"/> (again on a restart, like any Props).</summary>
    public static Props Of<TActor>(Func<TActor> factory) where TActor : ActorBase =>
        Props.CreateBy(new Producer<TActor>(factory));

    private sealed class Producer<TActor>(Func<TActor> factory) : IIndirectActorProducer where TActor : ActorBase
    {
        public Type ActorType => typeof(TActor);

        public ActorBase Produce() => factory();

        public void Release(ActorBase actor) { }
    }
}
