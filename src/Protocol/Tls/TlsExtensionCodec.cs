using System.Net.Security;
using System.Text;

namespace ActorQuic.Protocol.Tls;

/// <summary>Decoders for the bodies of the extensions this engine understands (RFC 9846 §4.2, RFC 6066 §3, RFC 7301 §3.1).</summary>
internal static class TlsExtensionCodec
{
    private static TlsAlertException Bad(string what) => new(AlertDescription.DecodeError, what);

    /// <summary>A list of 16-bit values in a vector with a <paramref name="prefix"/>-byte length.</summary>
    public static List<ushort> ReadUInt16List(ReadOnlySpan<byte> body, string what, int prefix = 2, int min = 2)
    {
        var r = new TlsReader(body);
        var list = prefix == 1 ? r.ReadVector8(what, min) : r.ReadVector16(what, min);
        r.ExpectEnd(what);
        if (list.Length % 2 != 0) throw Bad($"odd length in {what}");
        var result = new List<ushort>(list.Length / 2);
        for (int i = 0; i < list.Length; i += 2) result.Add((ushort)(list[i] << 8 | list[i + 1]));
        return result;
    }

    /// <summary>server_name: ServerNameList with one host_name (RFC 6066 §3). Returns null when no host_name.</summary>
    public static string? ReadServerName(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        var list = new TlsReader(r.ReadVector16("server_name list", 1));
        r.ExpectEnd("server_name");
        string? host = null;
        while (!list.IsEnd)
        {
            byte type = list.ReadByte("name type");
            var name = list.ReadVector16("host name", 1);
            if (type != 0) continue;
            if (host != null) throw new TlsAlertException(AlertDescription.IllegalParameter, "two host names in server_name");
            foreach (byte b in name)
                if (b is < 0x21 or > 0x7e) throw new TlsAlertException(AlertDescription.IllegalParameter, "server_name is not ASCII");
            host = Encoding.ASCII.GetString(name);
        }
        return host;
    }

    /// <summary>ALPN ProtocolNameList (RFC 7301 §3.1): non-empty list of non-empty names.</summary>
    public static List<SslApplicationProtocol> ReadAlpn(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        var list = new TlsReader(r.ReadVector16("ALPN list", 2));
        r.ExpectEnd("ALPN");
        var result = new List<SslApplicationProtocol>();
        while (!list.IsEnd) result.Add(new SslApplicationProtocol(list.ReadVector8("ALPN protocol", 1).ToArray()));
        return result;
    }

    public static void WriteAlpn(TlsBuffer b, IEnumerable<SslApplicationProtocol> protocols)
    {
        int ext = b.BeginExtension(ExtensionType.ApplicationLayerProtocolNegotiation);
        int list = b.BeginVector(2);
        foreach (var p in protocols) b.WriteVector8(p.Protocol.Span);
        b.EndVector(list);
        b.EndVector(ext);
    }

    /// <summary>KeyShareClientHello.client_shares (§4.2.8).</summary>
    public static List<(ushort Group, byte[] Key)> ReadClientShares(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        var list = new TlsReader(r.ReadVector16("client_shares"));
        r.ExpectEnd("key_share");
        var result = new List<(ushort, byte[])>();
        while (!list.IsEnd)
        {
            ushort group = list.ReadUInt16("key share group");
            var key = list.ReadVector16("key_exchange", 1);
            result.Add((group, key.ToArray()));
        }
        return result;
    }

    public static (ushort Group, byte[] Key) ReadServerShare(ReadOnlySpan<byte> body)
    {
        var r = new TlsReader(body);
        ushort group = r.ReadUInt16("key share group");
        var key = r.ReadVector16("key_exchange", 1);
        r.ExpectEnd("key_share");
        return (group, key.ToArray());
    }

    public static ushort ReadUInt16Body(ReadOnlySpan<byte> body, string what)
    {
        var r = new TlsReader(body);
        ushort v = r.ReadUInt16(what);
        r.ExpectEnd(what);
        return v;
    }

    public static void WriteUInt16List(TlsBuffer b, ExtensionType type, IEnumerable<ushort> values, int prefix = 2)
    {
        int ext = b.BeginExtension(type);
        int list = b.BeginVector(prefix);
        foreach (var v in values) b.WriteUInt16(v);
        b.EndVector(list);
        b.EndVector(ext);
    }

    public static void WriteOpaque(TlsBuffer b, ExtensionType type, ReadOnlySpan<byte> body)
    {
        int ext = b.BeginExtension(type);
        b.WriteBytes(body);
        b.EndVector(ext);
    }
}
