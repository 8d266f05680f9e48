namespace ActorQuic.Host.Cli;

/// <summary>Process exit codes of <c>actorquic</c>; scripts may rely on them.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for was done (every URL fetched; serve stopped on request).</summary>
    public const int Success = 0;

    /// <summary>A run-time failure: a URL not fetched completely, a socket that could not be bound.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong: bad or unsupported option, unreadable or invalid file, bad URL.</summary>
    public const int Usage = 2;
}
