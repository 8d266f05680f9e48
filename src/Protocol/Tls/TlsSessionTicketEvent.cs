namespace ActorQuic.Protocol.Tls;

/// <summary>Client only: the server issued a ticket usable to resume (and maybe send 0-RTT) later (RFC 9846 §4.6.1).</summary>
public sealed record TlsSessionTicketEvent(TlsSessionTicket Ticket) : TlsEvent;
