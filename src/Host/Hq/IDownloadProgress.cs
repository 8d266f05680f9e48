namespace ActorQuic.Host.Hq;

/// <summary>Progress of one download; called from stream threads, so implementations are thread-safe.</summary>
internal interface IDownloadProgress
{
    void Received(long bytes);

    void Finished(bool success);
}
