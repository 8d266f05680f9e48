using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Frames;

/// <summary>Writes into a <see cref="QuicWriter"/>; a delegate because Action cannot take a ref struct by ref.</summary>
internal delegate void WriteAction(ref QuicWriter w);
