using System.Collections.Immutable;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Transport;

/// <summary>
/// The version_information transport parameter (RFC 9368 §3, id 0x11): the version the
/// sender's Initial packets use, then the versions it supports (client) or would accept
/// (server) in preference order.
/// </summary>
public sealed record VersionInformation
{
    public VersionInformation(uint chosenVersion, IEnumerable<uint> availableVersions)
    {
        ArgumentNullException.ThrowIfNull(availableVersions);
        // RFC 9368: version 0 is reserved for Version Negotiation, never chosen or offered.
        if (chosenVersion == QuicVersion.Negotiation)
            throw new ArgumentOutOfRangeException(nameof(chosenVersion), "the chosen version cannot be 0");
        var available = availableVersions.ToImmutableArray();
        if (available.Contains(QuicVersion.Negotiation))
            throw new ArgumentException("an available version cannot be 0", nameof(availableVersions));
        ChosenVersion = chosenVersion;
        AvailableVersions = available;
    }

    public uint ChosenVersion { get; }

    public ImmutableArray<uint> AvailableVersions { get; }

    // ImmutableArray compares by reference; two parameters are equal when their contents are.
    public bool Equals(VersionInformation? other) =>
        other is not null
        && ChosenVersion == other.ChosenVersion
        && AvailableVersions.AsSpan().SequenceEqual(other.AvailableVersions.AsSpan());

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(ChosenVersion);
        foreach (uint version in AvailableVersions)
            hash.Add(version);
        return hash.ToHashCode();
    }

    internal int GetEncodedLength() => 4 * (1 + AvailableVersions.Length);

    internal void Encode(ref QuicWriter writer)
    {
        writer.WriteUInt32(ChosenVersion);
        foreach (uint version in AvailableVersions)
            writer.WriteUInt32(version);
    }

    /// <summary>Parses the parameter value; null when it is malformed (RFC 9368 §3, §4).</summary>
    internal static VersionInformation? TryDecode(ReadOnlySpan<byte> value)
    {
        // RFC 9368 §4: the length must be a non-zero multiple of 4.
        if (value.IsEmpty || value.Length % 4 != 0)
            return null;
        var reader = new QuicReader(value);
        reader.TryReadUInt32(out uint chosen);
        var available = ImmutableArray.CreateBuilder<uint>(value.Length / 4 - 1);
        while (reader.TryReadUInt32(out uint version))
        {
            // RFC 9368 §4: an Available Version of 0 is a parsing failure, like a Chosen Version of 0.
            if (version == QuicVersion.Negotiation)
                return null;
            available.Add(version);
        }
        if (chosen == QuicVersion.Negotiation)
            return null;
        return new VersionInformation(chosen, available.MoveToImmutable());
    }
}
