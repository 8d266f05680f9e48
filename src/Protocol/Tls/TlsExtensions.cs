namespace ActorQuic.Protocol.Tls;

/// <summary>
/// A parsed extension block (RFC 9846 §4.2): type → body, in order. Duplicates are
/// illegal_parameter ("There MUST NOT be more than one extension of the same type in a given
/// extension block"). Unknown types are kept only so they can be checked/ignored by the caller.
/// </summary>
internal sealed class TlsExtensions
{
    private readonly List<(ushort Type, byte[] Body)> _items = new();

    public IReadOnlyList<(ushort Type, byte[] Body)> Items => _items;

    public static TlsExtensions Parse(ref TlsReader reader, string message, int minLength = 0)
    {
        var block = reader.ReadVector16($"{message} extensions", minLength);
        var r = new TlsReader(block);
        var result = new TlsExtensions();
        var seen = new HashSet<ushort>();
        while (!r.IsEnd)
        {
            ushort type = r.ReadUInt16("extension type");
            byte[] body = r.ReadVector16("extension data").ToArray();
            if (!seen.Add(type))
                throw new TlsAlertException(AlertDescription.IllegalParameter, $"duplicate extension {type} in {message}");
            result._items.Add((type, body));
        }
        return result;
    }

    public bool Has(ExtensionType type) => _items.Exists(i => i.Type == (ushort)type);

    public byte[]? Get(ExtensionType type)
    {
        foreach (var (t, body) in _items)
            if (t == (ushort)type) return body;
        return null;
    }

    /// <summary>
    /// Rejects known extensions that are not allowed in this message (illegal_parameter, §4.2) and,
    /// for responses, any extension the peer did not offer (unsupported_extension, §4.2).
    /// </summary>
    public void Check(string message, ExtensionType[] allowed, ISet<ushort>? offered)
    {
        foreach (var (type, _) in _items)
        {
            bool known = Enum.IsDefined(typeof(ExtensionType), type);
            if (known && Array.IndexOf(allowed, (ExtensionType)type) < 0)
                throw new TlsAlertException(AlertDescription.IllegalParameter, $"extension {(ExtensionType)type} not allowed in {message}");
            if (offered != null && !offered.Contains(type))
                throw new TlsAlertException(AlertDescription.UnsupportedExtension, $"{message} carries extension {type} that was not offered");
        }
    }
}
