namespace ActorQuic.Host.Hq;

/// <summary>Progress of one download; called from stream threads, so implementations are thread-safe.</summary>
internal interface IDownloadProgress
{
    /// <summary>The total length, when the protocol tells it (h3 content-length); hq-interop never does.</summary>
    void Expected(long bytes)
    {
    }

    void Received(long bytes);

    void Finished(bool success);
}
