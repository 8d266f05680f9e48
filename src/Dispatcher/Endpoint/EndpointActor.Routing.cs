using System.Net;
using ActorQuic.Protocol.Endpoint;
using Akka.Actor;
using Akka.Event;

namespace ActorQuic.Dispatcher.Endpoint;

/// <summary>Carrying out the router's decision for one received datagram.</summary>
public sealed partial class EndpointActor
{
    // A batch's datagrams per connection, in arrival order: each connection gets one message per batch.
    // The lists are reused from batch to batch; only the first _routedCount are in use.
    private readonly List<IActorRef> _routedHandles = new();
    private readonly List<List<DatagramReceived>> _routedDatagrams = new();
    private int _routedCount;

    private void OnDatagram(DatagramReceived received)
    {
        // Only the intake sends without a sender; anything else (a test, a relay) is not in its count.
        if (Sender.IsNobody())
            _intake?.Dequeued();
        Route(received, inBatch: false);
    }

    private void OnDatagramBatch(DatagramBatchReceived batch)
    {
        if (Sender.IsNobody())
            _intake?.Dequeued(batch.Datagrams.Length);
        try
        {
            foreach (var received in batch.Datagrams)
                Route(received, inBatch: true);
        }
        finally
        {
            PassOnRouted();
        }
    }

    /// <summary>Collects a datagram of a batch for its connection.</summary>
    private void Hold(IActorRef handle, DatagramReceived received)
    {
        for (int i = 0; i < _routedCount; i++)
        {
            if (_routedHandles[i].Equals(handle))
            {
                _routedDatagrams[i].Add(received);
                return;
            }
        }
        if (_routedCount == _routedHandles.Count)
        {
            _routedHandles.Add(handle);
            _routedDatagrams.Add(new List<DatagramReceived>());
        }
        else
        {
            _routedHandles[_routedCount] = handle;
        }
        _routedDatagrams[_routedCount].Add(received);
        _routedCount++;
    }

    /// <summary>Hands every connection what it was routed of the current batch (before anything else is told to it, so order holds).</summary>
    private void PassOnRouted()
    {
        for (int i = 0; i < _routedCount; i++)
        {
            var datagrams = _routedDatagrams[i];
            object message = datagrams.Count == 1 ? datagrams[0] : new DatagramBatchReceived(datagrams.ToArray());
            _routedHandles[i].Tell(message, Self);
            datagrams.Clear();
            _routedHandles[i] = ActorRefs.Nobody;
        }
        _routedCount = 0;
    }

    private void Route(DatagramReceived received, bool inBatch)
    {
        var datagram = received.Datagram;
        bool handedOver = false;
        try
        {
            if (datagram.IsReturned)
                return;
            long nowMs = NowMs();
            var decision = _router.Route(datagram.Memory, received.Remote, nowMs, Load);
            // Whatever else a connection is told goes after the datagrams routed to it before.
            if (inBatch && decision.Kind is RouteDecisionKind.StatelessResetReceived or RouteDecisionKind.AcceptNewConnection)
                PassOnRouted();
            switch (decision.Kind)
            {
                case RouteDecisionKind.RouteToConnection:
                    // Ownership of the buffer moves with the message (see PooledDatagram).
                    if (inBatch) Hold(decision.Handle!, received);
                    else decision.Handle!.Tell(received, Self);
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
