using System.Net;
using ActorQuic.Protocol.Endpoint;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>Carrying out the router's decision for one received datagram.</summary>
public sealed partial class EndpointActor
{
    private void OnDatagram(DatagramReceived received)
    {
        // Only the intake sends without a sender; anything else (a test, a relay) is not in its count.
        if (Sender.IsNobody())
            _intake?.Dequeued();
        var datagram = received.Datagram;
        bool handedOver = false;
        try
        {
            if (datagram.IsReturned)
                return;
            long nowMs = NowMs();
            var decision = _router.Route(datagram.Memory, received.Remote, nowMs, Load);
            switch (decision.Kind)
            {
                case RouteDecisionKind.RouteToConnection:
                    // Ownership of the buffer moves with the message (see PooledDatagram).
                    decision.Handle!.Tell(received, Self);
                    handedOver = true;
                    break;
                case RouteDecisionKind.StatelessResetReceived:
                    // RFC 9000 §10.3.1: the connection enters draining; the datagram has served its purpose.
                    decision.Handle!.Tell(new StatelessResetDetected(received.Remote), Self);
                    break;
                case RouteDecisionKind.AcceptNewConnection:
                    handedOver = Accept(decision.Connection, received, nowMs);
                    break;
                case RouteDecisionKind.BufferForPendingConnection:
                    // The buffer keeps its own copy (it outlives this message); shedding is counted there.
                    _pending.Add(decision.PendingKey.Span, datagram.Span, nowMs);
                    break;
                case RouteDecisionKind.Drop:
                    break;
                default:
                    if (decision.HasResponse)
                        SendResponse(decision.Response, received.Remote);
                    break;
            }
        }
        finally
        {
            if (!handedOver)
                datagram.Return();
        }
    }

    /// <summary>
    /// Sends a stateless answer (VN, Retry, Initial close, reset) to where the trigger came from.
    /// A refused or failing send is counted, never thrown: a transient socket error must not
    /// restart the endpoint and with it every connection.
    /// </summary>
    private void SendResponse(ReadOnlyMemory<byte> response, IPEndPoint remote)
    {
        try
        {
            if (!_transport!.Send(response.Span, remote))
                _responseSendFailures++;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _responseSendFailures++;
            _log.Warning("Sending a {Length}-byte stateless response to {Remote} failed: {Error}", response.Length, remote, e.Message);
        }
    }
}
