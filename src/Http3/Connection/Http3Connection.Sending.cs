using ActorQuic.Http3.Frames;
using ActorQuic.Http3.Messages;
using ActorQuic.Http3.QPack;
using ActorQuic.Protocol.Streams;
using ActorQuic.Protocol.Wire;

namespace ActorQuic.Http3.Connection;

/// <summary>The application's side: requests, responses, content, trailers and GOAWAY.</summary>
public sealed partial class Http3Connection
{
    /// <summary>
    /// Client: sends a request header section on <paramref name="streamId"/> (a client bidirectional
    /// stream the caller opened). Refused (InvalidOperationException) at or above a received GOAWAY
    /// id (§5.2); returns false without writing once the connection is closed.
    /// </summary>
    public bool SendRequest(long streamId, Http3Request request, bool endStream)
    {
        if (_closed is not null) return false;
        if (_role != StreamInitiator.Client) throw new InvalidOperationException("only a client sends requests");
        if ((streamId & 3) != 0) throw new ArgumentException($"stream {streamId} is not a client bidirectional stream", nameof(streamId));
        if (_requests.ContainsKey(streamId)) throw new InvalidOperationException($"stream {streamId} already carries a request");
        if (ReceivedGoawayId is { } goaway && (ulong)streamId >= goaway)
            throw new InvalidOperationException($"stream {streamId} is at or above the peer's GOAWAY id {goaway}");
        var stream = new RequestStream(Http3MessageDirection.Response, _options.MaxFieldSectionFrameLength) { IsHead = request.Method == "HEAD" };
        _requests.Add(streamId, stream);
        SendHeaders(streamId, stream, request.ToFields(), endStream);
        return true;
    }

    /// <summary>
    /// Server: sends a response header section (interim 1xx ones may precede the final one).
    /// Like every send on an existing stream, returns false without writing when the stream is
    /// gone (the peer reset it, we aborted it, the connection closed): that races with peer input
    /// and is not the application's fault.
    /// </summary>
    public bool SendResponse(long streamId, Http3Response response, bool endStream)
    {
        if (_role != StreamInitiator.Server) throw new InvalidOperationException("only a server sends responses");
        if (response.IsInterim && endStream) throw new ArgumentException("an interim response cannot end the stream", nameof(endStream));
        if (!TryGetSendStream(streamId, out var stream)) return false;
        SendHeaders(streamId, stream, response.ToFields(), endStream, interim: response.IsInterim);
        return true;
    }

    /// <summary>Sends content as one DATA frame (§7.2.1), after the header section.</summary>
    public bool SendData(long streamId, ReadOnlySpan<byte> data, bool endStream)
    {
        if (!TryGetSendStream(streamId, out var stream)) return false;
        if (!stream.HeadersSent) throw new InvalidOperationException("DATA before the header section");
        byte[] frame;
        if (data.IsEmpty)
        {
            frame = []; // an empty DATA frame carries nothing; just the FIN if asked
        }
        else
        {
            frame = new byte[DataFrame.GetEncodedLength(data.Length)];
            var w = new QuicWriter(frame);
            DataFrame.Encode(ref w, data);
        }
        Write(streamId, stream, frame, endStream);
        return true;
    }

    /// <summary>Sends the trailer section and ends the stream (§4.1).</summary>
    public bool SendTrailers(long streamId, IReadOnlyList<Http3Field> trailers)
    {
        if (!TryGetSendStream(streamId, out var stream)) return false;
        if (!stream.HeadersSent) throw new InvalidOperationException("trailers before the header section");
        var fields = new Http3Field[trailers.Count];
        for (int i = 0; i < fields.Length; i++) fields[i] = trailers[i];
        SendHeaders(streamId, stream, fields, endStream: true);
        return true;
    }

    /// <summary>
    /// Begins a graceful shutdown (§5.2): GOAWAY on our control stream. A server names the first
    /// client bidirectional stream it has not seen — requests below it still complete, later ones
    /// are rejected with H3_REQUEST_REJECTED. A client sends push id 0: it never allowed pushes.
    /// Calling again never raises the id. The caller closes the connection once
    /// <see cref="ActiveRequestCount"/> reaches 0.
    /// </summary>
    public void Shutdown()
    {
        if (_closed is not null) return;
        ulong id = _role == StreamInitiator.Server ? (ulong)_nextClientBidiStreamId : 0;
        if (SentGoawayId is { } previous && previous <= id) id = previous;
        SentGoawayId = id;
        var goaway = new GoawayFrame(id);
        var bytes = new byte[goaway.GetEncodedLength()];
        var w = new QuicWriter(bytes);
        goaway.Encode(ref w);
        Emit(new Http3StreamWrite(_options.ControlStreamId, bytes, false));
    }

    /// <summary>Our side of a request stream is abandoned by the application (e.g. H3_REQUEST_CANCELLED).</summary>
    public void AbortStream(long streamId, Http3ErrorCode code)
    {
        if (_closed is not null) return;
        AbortRequestStream(streamId, code, "aborted by the application");
        FlushQpackStreams();
    }

    private bool TryGetSendStream(long streamId, out RequestStream stream)
    {
        if (_closed is not null || !_requests.TryGetValue(streamId, out stream!))
        {
            stream = null!;
            return false;
        }
        if (stream.SendDone) throw new InvalidOperationException($"stream {streamId} already ended");
        return true;
    }

    private void SendHeaders(long streamId, RequestStream stream, Http3Field[] fields, bool endStream, bool interim = false)
    {
        var lines = new HeaderField[fields.Length];
        long size = 0;
        for (int i = 0; i < fields.Length; i++)
        {
            lines[i] = new HeaderField(fields[i].Name, fields[i].Value);
            size += lines[i].Size;
        }
        // §4.2.2: honour the peer's SETTINGS_MAX_FIELD_SECTION_SIZE.
        if (PeerSettings?.MaxFieldSectionSize is { } max && (ulong)size > max)
            throw new InvalidOperationException($"field section of {size} bytes exceeds the peer's limit {max}");
        byte[] section = _encoder.EncodeFieldSection(streamId, lines);
        // RFC 9204 §2.1.2: inserts the section references go out first, on the encoder stream.
        if (_encoder.HasEncoderStreamBytes)
            Emit(new Http3StreamWrite(_options.QpackEncoderStreamId, _encoder.TakeEncoderStreamBytes(), false));
        var frame = new byte[HeadersFrame.GetEncodedLength(section.Length)];
        var w = new QuicWriter(frame);
        HeadersFrame.Encode(ref w, section);
        if (!interim) stream.HeadersSent = true;
        Write(streamId, stream, frame, endStream);
    }

    private void Write(long streamId, RequestStream stream, byte[] bytes, bool endStream)
    {
        Emit(new Http3StreamWrite(streamId, bytes, endStream));
        if (!endStream) return;
        stream.SendDone = true;
        ReleaseIfDone(streamId, stream);
    }
}
