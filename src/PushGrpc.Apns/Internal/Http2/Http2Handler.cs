using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace PushGrpc.Apns.Internal.Http2;

/// <summary>
/// PushGrpc's own HTTP/2 client behind the <see cref="HttpMessageHandler"/> interface, in place of SocketsHttpHandler
/// for a pool slot: it keeps one connection to one host at a time, opens the next when that one stops taking streams
/// (GOAWAY, stream ids spent, closed), and lets the old one finish its requests. It behaves as the pool expects of
/// SocketsHttpHandler: requests the server certainly did not process are sent again by itself, up to
/// <see cref="MaxResends"/> times, and each time shows as one more body write; failures surface as the same
/// <see cref="HttpRequestException"/> kinds (<see cref="AttemptFailure"/>).
/// </summary>
internal sealed class Http2Handler : HttpMessageHandler
{
    /// <summary>As SocketsHttpHandler's own resends of refused and GOAWAY'd streams.</summary>
    internal const int MaxResends = 3;

    private readonly Func<DnsEndPoint, CancellationToken, ValueTask<Stream>> _connect;
    private readonly Http2ConnectionOptions _options;
    private readonly TimeSpan _connectTimeout;
    private readonly CancellationTokenSource _disposed = new();

    // Guards the current connection, the connect under way and the set of live connections.
    private readonly Lock _lock = new();
    private readonly HashSet<Http2Connection> _live = [];
    private Http2Connection? _current;
    private Task<Http2Connection>? _connecting;

    /// <param name="connect">Opens TCP and TLS (with h2 agreed by ALPN) to the host; throws what sockets and TLS throw.</param>
    public Http2Handler(Func<DnsEndPoint, CancellationToken, ValueTask<Stream>> connect, Http2ConnectionOptions options, TimeSpan connectTimeout)
    {
        _connect = connect;
        _options = options;
        _connectTimeout = connectTimeout;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
        if (Http2RequestHeaders.Problem(request) is { } problem)
        {
            throw new HttpRequestException(HttpRequestError.Unknown, problem);
        }

        var body = request.Content switch
        {
            null => ReadOnlyMemory<byte>.Empty,
            ApnsPayloadContent payload => payload.Payload,
            var other => await other.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false),
        };

        var everOpened = false;
        for (var resends = 0; ; resends++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = await GetConnectionAsync(request.RequestUri!, cancellationToken).ConfigureAwait(false);
            try
            {
                return await connection.SendAsync(new Http2Stream(request, body), cancellationToken).ConfigureAwait(false);
            }
            catch (Http2NotProcessedException ex) when (!_disposed.IsCancellationRequested && resends < MaxResends)
            {
                // Not processed: send it again on the connection that is current now (a new one after GOAWAY). Resends
                // that never got a stream count too: a server that sends every new connection away must not make the
                // handler open connection after connection until the caller gives up.
                everOpened |= ex.WasOpened;
            }
            catch (Http2NotProcessedException ex) when (everOpened || ex.WasOpened)
            {
                // Every attempt went unprocessed, refused or sent away: the same error SocketsHttpHandler ends with, so
                // the request counts as never processed (AttemptFailure) although it was written.
                var refused = (long)Http2Error.RefusedStream;
                throw new HttpRequestException(HttpRequestError.HttpProtocolError, ex.Message, new HttpProtocolException(refused, ex.Message, ex));
            }
            catch (Http2NotProcessedException ex)
            {
                // It never got a stream: nothing of it reached the server.
                throw new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, ex);
            }
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("PushGrpc's HTTP/2 client only sends asynchronously.");

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed.IsCancellationRequested)
        {
            _disposed.Cancel();
            Http2Connection[] live;
            lock (_lock)
            {
                live = [.. _live];
                _live.Clear();
                _current = null;
            }

            foreach (var connection in live)
            {
                connection.Abort(new ObjectDisposedException(nameof(Http2Handler), "The APNs connection was closed by its owner."));
            }

            _disposed.Dispose();
        }

        base.Dispose(disposing);
    }

    private ValueTask<Http2Connection> GetConnectionAsync(Uri uri, CancellationToken cancellationToken)
    {
        Task<Http2Connection> connecting;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (_current is { CanOpenStreams: true } current)
            {
                return new ValueTask<Http2Connection>(current);
            }

            // One connect at a time, shared by every request that needs it; a request giving up does not stop it. It
            // starts without the caller's ExecutionContext: the connection's reader and timers outlive that request,
            // and its logs must not carry that request's trace.
            if (_connecting is null)
            {
                if (ExecutionContext.IsFlowSuppressed())
                {
                    _connecting = ConnectAsync(uri);
                }
                else
                {
                    using (ExecutionContext.SuppressFlow())
                    {
                        _connecting = ConnectAsync(uri);
                    }
                }
            }

            connecting = _connecting;
        }

        return new ValueTask<Http2Connection>(connecting.WaitAsync(cancellationToken));
    }

    private async Task<Http2Connection> ConnectAsync(Uri uri)
    {
        // Not inline with the request that started it: the connect belongs to every request that waits for it.
        await Task.Yield();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_disposed.Token);
        timeout.CancelAfter(_connectTimeout);
        var endPoint = new DnsEndPoint(uri.IdnHost, uri.Port);
        Http2Connection? connection = null;
        try
        {
            var transport = await _connect(endPoint, timeout.Token).ConfigureAwait(false);
            if (transport is SslStream { NegotiatedApplicationProtocol: var protocol } && protocol != SslApplicationProtocol.Http2)
            {
                await transport.DisposeAsync().ConfigureAwait(false);
                throw new HttpRequestException(HttpRequestError.SecureConnectionError, $"{endPoint.Host}:{endPoint.Port} did not agree to HTTP/2 (ALPN h2).");
            }

            connection = Http2Connection.Start(transport, uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}", _options);
            return connection;
        }
        catch (Exception ex) when (ex is not HttpRequestException && !_disposed.IsCancellationRequested)
        {
            // As SocketsHttpHandler reports them, so the attempt's classification and error text do not depend on the stack.
            throw ex switch
            {
                // Without the cancellation as inner exception: error texts quote the innermost message.
                OperationCanceledException => new HttpRequestException(
                    HttpRequestError.ConnectionError, $"connect timed out after {_connectTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"),
                AuthenticationException => new HttpRequestException(HttpRequestError.SecureConnectionError, "The TLS handshake with APNs failed.", ex),
                _ => new HttpRequestException(HttpRequestError.ConnectionError, ex.Message, ex),
            };
        }
        finally
        {
            lock (_lock)
            {
                _connecting = null;
                if (connection is not null)
                {
                    if (_disposed.IsCancellationRequested)
                    {
                        connection.Abort(new ObjectDisposedException(nameof(Http2Handler)));
                    }
                    else
                    {
                        _current = connection;
                        _live.Add(connection);
                        _ = ForgetWhenClosedAsync(connection);
                    }
                }
            }
        }
    }

    private async Task ForgetWhenClosedAsync(Http2Connection connection)
    {
        await connection.Completion.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_lock)
        {
            _live.Remove(connection);
            if (ReferenceEquals(_current, connection))
            {
                _current = null;
            }
        }
    }
}
