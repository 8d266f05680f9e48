using ActorQuic.Protocol.Endpoint;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Protocol.Tests.Endpoint;

public class EndpointRouterOptionsTests
{
    [Fact]
    public void Defaults_are_a_valid_client_only_endpoint()
    {
        var options = new EndpointRouterOptions();
        options.Validate();
        Assert.False(options.AcceptNewConnections);
        Assert.Equal(8, options.LocalConnectionIdLength);
        Assert.Equal([QuicVersion.V1, QuicVersion.V2], options.SupportedVersions);
    }

    [Theory]
    [InlineData("LocalConnectionIdLength")]
    [InlineData("SupportedVersions")]
    [InlineData("StatelessResetTokens")]
    [InlineData("MaxStatelessResetLength")]
    [InlineData("StatelessResetsPerSecond")]
    [InlineData("MaxHandshakesInProgress")]
    public void Bad_settings_are_named(string name)
    {
        EndpointRouterOptions options = name switch
        {
            "LocalConnectionIdLength" => new() { LocalConnectionIdLength = 21 },
            "SupportedVersions" => new() { SupportedVersions = [0x0a0a0a0a] },
            "StatelessResetTokens" => new() { LocalConnectionIdLength = 0, StatelessResetTokens = RouterHarness.NewResetGenerator() },
            "MaxStatelessResetLength" => new() { MaxStatelessResetLength = 20 },
            "StatelessResetsPerSecond" => new() { StatelessResetsPerSecond = double.NaN },
            _ => new() { MaxHandshakesInProgress = -1 },
        };
        var ex = Assert.ThrowsAny<ArgumentException>(options.Validate);
        Assert.Equal(name, ex.ParamName);
    }

    [Fact]
    public void A_server_needs_connection_ids()
    {
        var ex = Assert.Throws<ArgumentException>(() => new EndpointRouterOptions { AcceptNewConnections = true, LocalConnectionIdLength = 0 }.Validate());
        Assert.Equal("LocalConnectionIdLength", ex.ParamName);
    }
}
