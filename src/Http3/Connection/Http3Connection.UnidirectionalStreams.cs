using ActorQuic.Http3.Frames;

namespace ActorQuic.Http3.Connection;

/// <summary>The peer's unidirectional streams (RFC 9114 §6.2, RFC 9204 §4.2).</summary>
public sealed partial class Http3Connection
{
    private void OnUnidirectionalData(long streamId, ReadOnlySpan<byte> data, bool fin)
    {
        if (Http3ConnectionOptions.InitiatorOf(streamId) == _role)
            throw new Http3ProtocolException(Http3ErrorCode.StreamCreationError, $"data on our own unidirectional stream {streamId}");
        if (!_uniStreams.TryGetValue(streamId, out var stream))
        {
            stream = new PeerUniStream();
            _uniStreams.Add(streamId, stream);
        }
        if (stream.Discarded) return;

        if (stream.Kind is null)
        {
            if (!stream.TypeReader.TryRead(ref data, out var header))
            {
                // §6.2: a stream that ends before its type is complete is simply ignored.
                if (fin) _uniStreams.Remove(streamId);
                return;
            }
            if (!_peerStreams.Accept(header))
            {
                // Unknown or reserved type (§6.2, §6.2.3): stop reading, never a connection error.
                stream.Discarded = true;
                Emit(new Http3StopSending(streamId, Http3ErrorCode.StreamCreationError));
                return;
            }
            stream.Kind = header.Type;
            if (header.Type == UnidirectionalStreamType.Control) stream.Control = new Http3ControlStreamReader(_role);
        }

        switch (stream.Kind)
        {
            case UnidirectionalStreamType.Control:
                var reader = stream.Control!;
                while (reader.TryRead(ref data, out var ev)) OnControlEvent(ev);
                break;
            case UnidirectionalStreamType.QpackEncoder:
                _decoder.ReceiveEncoderStream(data);
                DeliverUnblockedSections();
                break;
            case UnidirectionalStreamType.QpackDecoder:
                _encoder.ReceiveDecoderStream(data);
                break;
        }
        // §6.2.1, RFC 9204 §4.2: critical streams never end.
        if (fin) Http3PeerStreams.OnStreamClosed(stream.Kind!.Value);
    }

    private void OnControlEvent(ControlStreamEvent ev)
    {
        switch (ev.Kind)
        {
            case ControlStreamEventKind.Settings:
                var settings = ev.Settings!;
                PeerSettings = settings;
                // RFC 9204 §5: the peer's decoder limits bound what our encoder may use.
                _encoder.ApplyPeerSettings(ClampToLong(settings.QpackMaxTableCapacity), ClampToLong(settings.QpackBlockedStreams));
                Emit(new Http3SettingsReceived(settings));
                break;
            case ControlStreamEventKind.Goaway:
                // Http3ControlStreamReader already enforced §5.2 (ids never increase, server ids are client bidi).
                ReceivedGoawayId = ev.Id;
                Emit(new Http3GoawayReceived(ev.Id));
                break;
            case ControlStreamEventKind.MaxPushId:
                break; // We never push (§4.6): a client's push credit is noted and unused.
        }
    }

    private static long ClampToLong(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;

    /// <summary>State of one peer unidirectional stream.</summary>
    private sealed class PeerUniStream : IDisposable
    {
        public UnidirectionalStreamTypeReader TypeReader;
        public UnidirectionalStreamType? Kind;
        public Http3ControlStreamReader? Control;
        public bool Discarded;

        public void Dispose() => Control?.Dispose();
    }
}
