namespace ActorQuic.Protocol.Tls;

/// <summary>NewSessionTicket (RFC 9846 §4.6.1) with the QUIC early_data sentinel (RFC 9001 §4.6.1).</summary>
internal sealed class NewSessionTicketMessage
{
    public uint Lifetime;
    public uint AgeAdd;
    public byte[] Nonce = [];
    public byte[] Ticket = [];
    public uint? MaxEarlyDataSize;

    public static NewSessionTicketMessage Parse(ReadOnlySpan<byte> message)
    {
        var r = new TlsReader(message[4..]);
        var t = new NewSessionTicketMessage
        {
            Lifetime = r.ReadUInt32("ticket_lifetime"),
            AgeAdd = r.ReadUInt32("ticket_age_add"),
            Nonce = r.ReadVector8("ticket_nonce").ToArray(),
            Ticket = r.ReadVector16("ticket", 1).ToArray(),
        };
        var exts = TlsExtensions.Parse(ref r, "NewSessionTicket");
        r.ExpectEnd("NewSessionTicket");
        exts.Check("NewSessionTicket", [ExtensionType.EarlyData], offered: null);
        if (exts.Get(ExtensionType.EarlyData) is { } ed)
        {
            var er = new TlsReader(ed);
            t.MaxEarlyDataSize = er.ReadUInt32("max_early_data_size");
            er.ExpectEnd("early_data");
        }
        return t;
    }

    public byte[] Encode()
    {
        var b = new TlsBuffer();
        int msg = b.BeginMessage(HandshakeType.NewSessionTicket);
        b.WriteUInt32(Lifetime);
        b.WriteUInt32(AgeAdd);
        b.WriteVector8(Nonce);
        b.WriteVector16(Ticket);
        int exts = b.BeginVector(2);
        if (MaxEarlyDataSize is uint max)
        {
            int ed = b.BeginExtension(ExtensionType.EarlyData);
            b.WriteUInt32(max);
            b.EndVector(ed);
        }
        b.EndVector(exts);
        b.EndVector(msg);
        return b.ToArray();
    }
}
