using ActorQuic.Dispatcher.Endpoint;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Dispatcher.Tests.Endpoint;

public sealed class ConnectionIdTableTests
{
    private static readonly ConnectionId A1 = ConnectionId.FromHex("0101010101010101");
    private static readonly ConnectionId A2 = ConnectionId.FromHex("0202020202020202");
    private static readonly ConnectionId B1 = ConnectionId.FromHex("0303030303030303");
    private static readonly StatelessResetToken T1 = StatelessResetToken.FromHex("000102030405060708090a0b0c0d0e0f");
    private static readonly StatelessResetToken T2 = StatelessResetToken.FromHex("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");

    [Fact]
    public void Routes_by_connection_id_and_keeps_first_owners()
    {
        var table = new ConnectionIdTable<string>();
        Assert.True(table.TryAdd(A1, "a"));
        Assert.True(table.TryAdd(A1, "a"));
        Assert.False(table.TryAdd(A1, "b"));
        Assert.True(table.TryGet(A1.Span, out var owner));
        Assert.Equal("a", owner);
        Assert.False(table.TryGet(B1.Span, out _));
        Assert.False(table.TryGet(new byte[21], out _)); // longer than any QUIC v1 CID (RFC 8999 allows 255)
        Assert.False(table.Remove(A1, "b"));
        Assert.True(table.Remove(A1, "a"));
        Assert.False(table.TryGet(A1.Span, out _));
        Assert.Equal(0, table.ConnectionIdCount);
    }

    [Fact]
    public void Reset_tokens_are_found_by_value_but_stored_only_as_keyed_hashes()
    {
        var table = new ConnectionIdTable<string>();
        Assert.False(table.TryGetByStatelessResetToken(T1.Span, out _));
        Assert.True(table.TryAddPeerResetToken(T1, "a"));
        Assert.False(table.TryAddPeerResetToken(T1, "b"));
        Assert.True(table.TryGetByStatelessResetToken(T1.ToArray(), out var owner));
        Assert.Equal("a", owner);
        Assert.False(table.TryGetByStatelessResetToken(T2.Span, out _));
        Assert.False(table.TryGetByStatelessResetToken(new byte[15], out _));
        Assert.False(table.RemovePeerResetToken(T1, "b"));
        Assert.True(table.RemovePeerResetToken(T1, "a"));
        Assert.False(table.TryGetByStatelessResetToken(T1.Span, out _));
    }

    [Fact]
    public void RemoveAll_forgets_exactly_one_owner()
    {
        var table = new ConnectionIdTable<string>();
        table.TryAdd(A1, "a");
        table.TryAdd(A2, "a");
        table.TryAdd(B1, "b");
        table.TryAddPeerResetToken(T1, "a");
        table.TryAddPeerResetToken(T2, "b");
        Assert.Equal(2, table.CountFor("a"));
        Assert.Equal(1, table.TokenCountFor("a"));

        Assert.Equal(2, table.RemoveAll("a"));
        Assert.Equal(0, table.RemoveAll("a"));
        Assert.Equal(0, table.CountFor("a"));
        Assert.False(table.TryGet(A2.Span, out _));
        Assert.False(table.TryGetByStatelessResetToken(T1.Span, out _));
        Assert.True(table.TryGet(B1.Span, out var b));
        Assert.Equal("b", b);
        Assert.True(table.TryGetByStatelessResetToken(T2.Span, out _));
        Assert.Equal(1, table.ConnectionIdCount);
        Assert.Equal(1, table.PeerResetTokenCount);
    }
}
