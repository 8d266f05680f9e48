using System.Net;

namespace ActorQuic.ConnectionActors;

/// <summary>
/// Reader → receiver: one datagram that passed pass 1, with all its coalesced packets (one hop
/// per datagram, not per packet). The receiver owns <paramref name="Buffer"/> and decrypts in place.
/// </summary>
public sealed record DatagramToProcess(byte[] Buffer, int Length, IPEndPoint Remote, int PacketCount);
