using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http;
using System.Text;

namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// One request on an <see cref="Http2Connection"/>: what is left of its body to send, its send window, and the answer
/// as it arrives. Its state is guarded by the connection's lock, except the answer's headers and body, which only the
/// connection's reader touches.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The answer is handed to the caller, who disposes it; a failed one is disposed in Fail.")]
internal sealed class Http2Stream : IHpackHeaderHandler
{
    // Bigger bodies are not APNs answers (error bodies are a few dozen bytes, a channel list a few hundred KB).
    internal const int MaxResponseBody = 8 * 1024 * 1024;

    // Continuations run on the thread pool, not on the connection's reader: one slow caller must not hold up every
    // other answer on the connection.
    private readonly TaskCompletionSource<HttpResponseMessage> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpResponseMessage? _response;
    private List<(string Name, string Value)>? _contentHeaders;
    private byte[]? _body;
    private int _bodyLength;
    private bool _informational;

    public Http2Stream(HttpRequestMessage request, ReadOnlyMemory<byte> body)
    {
        Request = request;
        Body = body;
    }

    public HttpRequestMessage Request { get; }

    /// <summary>The whole request body (sent again in full if the stream is resent).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>0 until the stream is opened (its HEADERS queued for the wire).</summary>
    public int Id { get; set; }

    /// <summary>The connection's flush epoch when the stream was opened (its HEADERS written to the pending buffer).</summary>
    public long FlushEpoch { get; set; }

    /// <summary>What is still to be sent of the body once opened.</summary>
    public ReadOnlyMemory<byte> Unsent { get; set; }

    /// <summary>The peer's flow-control window for this stream; may go negative when the peer lowers its initial window.</summary>
    public long SendWindow { get; set; }

    /// <summary>Waiting in the connection's queue for send window.</summary>
    public bool IsBlocked { get; set; }

    /// <summary>Answered, failed or cancelled: nothing more happens to it.</summary>
    public bool IsDone { get; private set; }

    /// <summary>Received DATA bytes not yet given back to the peer with WINDOW_UPDATE.</summary>
    public int UnacknowledgedBytes { get; set; }

    /// <summary>The final (non-1xx) HEADERS arrived.</summary>
    public bool HasResponse => _response is not null;

    public Task<HttpResponseMessage> Answer => _answer.Task;

    /// <summary>Marks the stream done under the connection's lock; true for the one caller that then completes it.</summary>
    public bool TryMarkDone()
    {
        if (IsDone)
        {
            return false;
        }

        IsDone = true;
        return true;
    }

    /// <summary>The connection that carries the stream (for cancellation).</summary>
    public Http2Connection? Owner { get; set; }

    /// <summary>What was wrong with the last header block, if anything: the stream is then reset.</summary>
    public string? Problem { get; private set; }

    /// <summary>Starts a header block; 1xx blocks are read and dropped (RFC 9113 §8.1).</summary>
    public void BeginHeaders()
    {
        _informational = false;
        Problem = null;
    }

    /// <summary>The request's HEADERS were queued for the wire: from now on the server may process it.</summary>
    public void OnOpened() => (Request.Content as ApnsPayloadContent)?.CountWrite();

    public void OnHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> value)
    {
        if (_informational)
        {
            return;
        }

        if (name.SequenceEqual(":status"u8))
        {
            if (_response is not null || value.Length != 3 || !int.TryParse(value, out var status) || status < 100)
            {
                Problem ??= "the answer has a repeated or malformed :status";
                return;
            }

            if (status < 200)
            {
                _informational = true;
                return;
            }

            _response = new HttpResponseMessage((HttpStatusCode)status) { Version = HttpVersion.Version20, RequestMessage = Request };
            return;
        }

        if (_response is null || name.IsEmpty || name[0] == (byte)':')
        {
            // Fields before :status, or a pseudo-header other than :status. Decoding goes on either way: the server's
            // HPACK table changes with every field of the block.
            if (_response is null)
            {
                Problem ??= "the answer's fields came before its :status";
            }

            return;
        }

        var headerName = KnownName(name) ?? Encoding.ASCII.GetString(name);
        var headerValue = Encoding.Latin1.GetString(value);
        if (headerName.StartsWith("content-", StringComparison.Ordinal))
        {
            (_contentHeaders ??= []).Add((headerName, headerValue));
        }
        else
        {
            _response.Headers.TryAddWithoutValidation(headerName, headerValue);
        }
    }

    /// <summary>Keeps DATA of the answer; false when it exceeds <see cref="MaxResponseBody"/>.</summary>
    public bool AppendBody(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return true;
        }

        if (_bodyLength + data.Length > MaxResponseBody)
        {
            return false;
        }

        if (_body is null || _body.Length - _bodyLength < data.Length)
        {
            var grown = new byte[Math.Max(_bodyLength + data.Length, Math.Min(MaxResponseBody, Math.Max(256, (_body?.Length ?? 0) * 2)))];
            _body?.AsSpan(0, _bodyLength).CopyTo(grown);
            _body = grown;
        }

        data.CopyTo(_body.AsSpan(_bodyLength));
        _bodyLength += data.Length;
        return true;
    }

    /// <summary>Hands the answer to the caller (after END_STREAM); call only after <see cref="TryMarkDone"/>.</summary>
    public void Complete()
    {
        var response = _response!;
        if (_body is not null || _contentHeaders is not null)
        {
            var content = new ByteArrayContent(_body ?? [], 0, _bodyLength);
            foreach (var (name, value) in _contentHeaders ?? [])
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }

            response.Content = content;
        }

        _answer.TrySetResult(response);
    }

    /// <summary>Fails the caller's wait; call only after <see cref="TryMarkDone"/>.</summary>
    public void Fail(Exception exception)
    {
        _response?.Dispose();
        _answer.TrySetException(exception);
    }

    // The names APNs answers carry, without a string allocation per answer.
    private static string? KnownName(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("apns-id"u8) => "apns-id",
        _ when name.SequenceEqual("apns-unique-id"u8) => "apns-unique-id",
        _ when name.SequenceEqual("apns-request-id"u8) => "apns-request-id",
        _ when name.SequenceEqual("apns-channel-id"u8) => "apns-channel-id",
        _ when name.SequenceEqual("retry-after"u8) => "retry-after",
        _ when name.SequenceEqual("content-type"u8) => "content-type",
        _ when name.SequenceEqual("content-length"u8) => "content-length",
        _ when name.SequenceEqual("date"u8) => "date",
        _ when name.SequenceEqual("server"u8) => "server",
        _ => null,
    };
}
