using ActorQuic.Http3.Messages;

namespace ActorQuic.Http3.Tests.Messages;

/// <summary>Compact field-list builders: "name: value" strings, split at the first ": " after position 0.</summary>
internal static class Fields
{
    public static Http3Field[] Of(params string[] lines)
    {
        var fields = new Http3Field[lines.Length];
        for (int i = 0; i < lines.Length; i++)
        {
            int sep = lines[i].IndexOf(": ", 1, StringComparison.Ordinal);
            fields[i] = new Http3Field(lines[i][..sep], lines[i][(sep + 2)..]);
        }
        return fields;
    }

    public static readonly string[] GetRequest = [":method: GET", ":scheme: https", ":authority: example.com", ":path: /index.html"];

    public static Http3Field[] Request(params string[] extra) => Of([.. GetRequest, .. extra]);

    public static Http3ProtocolException AssertMalformed(Action action)
    {
        var ex = Assert.Throws<Http3ProtocolException>(action);
        Assert.Equal(Http3ErrorCode.MessageError, ex.ErrorCode);
        Assert.False(ex.IsConnectionError);
        return ex;
    }
}
