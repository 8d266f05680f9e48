namespace ActorQuic.Interop.Tests;

/// <summary>The CLI interop tests share their content and run one after the other (each moves up to 100 MB).</summary>
[CollectionDefinition(Name)]
public sealed class CliInteropCollection : ICollectionFixture<CliInteropContent>
{
    public const string Name = "actorquic CLI interop";
}
