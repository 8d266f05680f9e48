using ActorQuic.Protocol.ConnectionIds;
using ActorQuic.Protocol.Frames;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.ConnectionIds;

public class StatelessResetDetectionTests
{
    private static readonly ConnectionId Handshake = ConnectionId.FromHex("a0a1a2a3a4a5a6a7");
    private static readonly StatelessResetToken HandshakeToken = StatelessResetToken.FromHex("00112233445566778899aabbccddeeff");
    private static readonly StatelessResetToken OtherToken = StatelessResetToken.FromHex("ffeeddccbbaa99887766554433221100");

    private static byte[] Datagram(int length, StatelessResetToken token, byte first = 0x43)
    {
        var datagram = new byte[length];
        new Random(99).NextBytes(datagram);
        datagram[0] = first;
        token.Span.CopyTo(datagram.AsSpan(length - StatelessResetToken.Length));
        return datagram;
    }

    private static PeerConnectionIds Client()
    {
        var ids = new PeerConnectionIds(ConnectionId.FromHex("0011223344556677"), 4);
        ids.SetHandshakeConnectionId(Handshake);
        ids.SetHandshakeResetToken(HandshakeToken);
        return ids;
    }

    [Theory]
    [InlineData(21)]
    [InlineData(43)]
    [InlineData(1200)]
    public void A_datagram_ending_in_the_current_token_is_a_reset(int length)
    {
        Assert.True(Client().IsStatelessReset(Datagram(length, HandshakeToken)));
    }

    [Fact]
    public void Header_form_does_not_matter()
    {
        // §10.3: any packet ending in a valid token counts, long header included.
        Assert.True(Client().IsStatelessReset(Datagram(50, HandshakeToken, first: 0xc0)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(20)]
    public void Datagrams_shorter_than_21_bytes_are_never_resets(int length)
    {
        var datagram = new byte[length];
        if (length >= 16) HandshakeToken.Span.CopyTo(datagram.AsSpan(length - 16));
        Assert.False(Client().IsStatelessReset(datagram));
    }

    [Fact]
    public void Any_differing_byte_is_not_a_reset()
    {
        var ids = Client();
        for (int i = 1; i <= 16; i++)
        {
            var datagram = Datagram(40, HandshakeToken);
            datagram[^i] ^= 0x01;
            Assert.False(ids.IsStatelessReset(datagram));
        }
        Assert.False(ids.IsStatelessReset(Datagram(40, OtherToken)));
    }

    [Fact]
    public void Tokens_of_unused_ids_are_not_checked_until_used()
    {
        var ids = Client();
        ids.OnNewConnectionId(new NewConnectionIdFrame(1, 0, ConnectionId.FromHex("b1"), OtherToken));
        Assert.False(ids.IsStatelessReset(Datagram(30, OtherToken)));
        Assert.True(ids.TryAcquireUnused(out _, out _));
        Assert.True(ids.IsStatelessReset(Datagram(30, OtherToken)));
        Assert.True(ids.IsStatelessReset(Datagram(30, HandshakeToken)));
    }

    [Fact]
    public void Tokens_of_retired_ids_are_not_checked()
    {
        var ids = Client();
        ids.OnNewConnectionId(new NewConnectionIdFrame(1, 0, ConnectionId.FromHex("b1"), OtherToken));
        Assert.True(ids.TryRotate());
        Assert.True(ids.IsStatelessReset(Datagram(30, OtherToken)));
        Assert.False(ids.IsStatelessReset(Datagram(30, HandshakeToken)));
    }

    [Fact]
    public void A_server_has_no_token_for_the_clients_handshake_id()
    {
        // Clients cannot send stateless_reset_token (§10.3): nothing to match, not even zeros.
        var server = new PeerConnectionIds(Handshake, 4);
        Assert.False(server.IsStatelessReset(new byte[40]));
        Assert.False(server.IsStatelessReset(Datagram(40, HandshakeToken)));
    }

    [Fact]
    public void A_token_for_an_already_retired_handshake_id_is_ignored()
    {
        var ids = new PeerConnectionIds(Handshake, 4);
        ids.OnNewConnectionId(new NewConnectionIdFrame(1, 1, ConnectionId.FromHex("b1"), OtherToken));
        ids.SetHandshakeResetToken(HandshakeToken);
        Assert.False(ids.IsStatelessReset(Datagram(30, HandshakeToken)));
        Assert.True(ids.IsStatelessReset(Datagram(30, OtherToken)));
    }
}
