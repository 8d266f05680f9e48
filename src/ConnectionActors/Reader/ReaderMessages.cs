using System.Net;
using ActorQuic.Dispatcher.Endpoint;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Reader → receiver: one datagram that passed pass 1, with all its coalesced packets (one hop
/// per datagram, not per packet). The receiver owns <paramref name="Buffer"/> and decrypts in place.
/// When the buffer is the endpoint's <paramref name="Pooled"/> datagram (no copy), the receiver
/// returns it once it has processed the bytes (frame data and stashed packets are copied out).
/// </summary>
public sealed record DatagramToProcess(byte[] Buffer, int Length, IPEndPoint Remote, int PacketCount, PooledDatagram? Pooled = null);

/// <summary>
/// Reader → receiver: the datagrams of one endpoint batch that passed pass 1, in arrival order.
/// The receiver processes them all before it reports (one PacketsProcessed, one ACK offer per
/// space, one message of frames for the connection), which is the point of batching.
/// </summary>
public sealed record DatagramBatchToProcess(DatagramToProcess[] Datagrams);
