using ActorQuic.Protocol.Tls;

namespace ActorQuic.Protocol.Tests.Tls;

/// <summary>TlsSessionTicket.Encode/Decode: what get --session-file stores between runs.</summary>
public class TlsSessionTicketEncodingTests
{
    private static TlsSessionTicket RealTicket()
    {
        var server = TlsPair.ServerOptions();
        server.SessionTicketKey = Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray();
        server.EnableEarlyData = true;
        var pair = new TlsPair(TlsPair.ClientOptions(), server);
        Assert.True(pair.Run(), pair.Failure?.Message);
        return Assert.Single(pair.ClientEvents.OfType<TlsSessionTicketEvent>()).Ticket;
    }

    [Fact]
    public void A_decoded_ticket_equals_the_original_and_resumes_with_0_RTT()
    {
        var ticket = RealTicket();
        ticket.ApplicationData = [1, 2, 3];
        var copy = TlsSessionTicket.Decode(ticket.Encode());
        Assert.Equal(ticket.Ticket, copy.Ticket);
        Assert.Equal(ticket.CipherSuite, copy.CipherSuite);
        Assert.Equal(ticket.LifetimeSeconds, copy.LifetimeSeconds);
        Assert.Equal(ticket.ReceivedAt.ToUnixTimeMilliseconds(), copy.ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Equal(ticket.AllowsEarlyData, copy.AllowsEarlyData);
        Assert.Equal(ticket.Alpn, copy.Alpn);
        Assert.Equal(ticket.ServerName, copy.ServerName);
        Assert.Equal(ticket.PeerTransportParameters, copy.PeerTransportParameters);
        Assert.Equal(ticket.ApplicationData, copy.ApplicationData);
        Assert.NotEmpty(copy.PeerCertificateChain);
        Assert.Equal(ticket.PeerCertificateChain, copy.PeerCertificateChain);
        Assert.Equal(ticket.Encode(), copy.Encode());
    }

    [Fact]
    public void Every_truncation_and_every_single_byte_change_is_refused_or_decodes_cleanly()
    {
        byte[] encoded = RealTicket().Encode();
        for (int length = 0; length < encoded.Length; length++)
            Assert.Throws<FormatException>(() => TlsSessionTicket.Decode(encoded.AsSpan(0, length)));
        var random = new Random(5);
        for (int i = 0; i < encoded.Length; i++)
        {
            byte[] changed = (byte[])encoded.Clone();
            changed[i] ^= (byte)random.Next(1, 256);
            try
            {
                TlsSessionTicket.Decode(changed);
            }
            catch (FormatException)
            {
                // refused: the only allowed failure
            }
        }
    }

    [Fact]
    public void Trailing_bytes_and_other_formats_are_refused()
    {
        byte[] encoded = RealTicket().Encode();
        Assert.Throws<FormatException>(() => TlsSessionTicket.Decode([.. encoded, 0]));
        byte[] otherVersion = (byte[])encoded.Clone();
        otherVersion[4] = 2;
        Assert.Throws<FormatException>(() => TlsSessionTicket.Decode(otherVersion));
        Assert.Throws<FormatException>(() => TlsSessionTicket.Decode("-----BEGIN"u8));
    }
}
