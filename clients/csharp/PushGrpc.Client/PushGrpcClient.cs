using System.Collections.Concurrent;
using System.Net.Security;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Client;

/// <summary>
/// A small client for the PushGrpc gateway: connect, <see cref="SendAsync"/> one notification, or stream many with
/// <see cref="SendStreamAsync(IAsyncEnumerable{Notification}, int, CancellationToken)"/> keeping a bounded number in
/// flight; manage Live Activity broadcast channels (<see cref="CreateChannelAsync"/> and the other channel calls) and
/// <see cref="BroadcastAsync"/> to them.
/// </summary>
/// <remarks>
/// Calls throw <see cref="RpcException"/> only when the call as a whole fails (transport error,
/// <c>InvalidArgument</c> for a request without a notification, ...). What became of each notification and token is
/// in its <see cref="DeliveryResult"/>: Accepted, Rejected (permanent, see <c>Reason</c>), Failed (retryable) or
/// Invalid (refused by the gateway's validation, see <c>Message</c>). Channel calls likewise answer with a
/// <see cref="ChannelResult"/> in their response.
/// </remarks>
public sealed class PushGrpcClient : IDisposable
{
    private readonly GrpcChannel _channel;

    /// <summary>Wraps a channel the caller built (its own handler, credentials, interceptors...).
    /// <see cref="Dispose"/> disposes it.</summary>
    public PushGrpcClient(GrpcChannel channel)
    {
        _channel = channel;
        Service = new PushService.PushServiceClient(channel);
        Channels = new ChannelService.ChannelServiceClient(channel);
    }

    /// <summary>The generated client, for calls with deadlines, headers or other call options.</summary>
    public PushService.PushServiceClient Service { get; }

    /// <summary>The generated ChannelService client, for calls with deadlines, headers or other call options.</summary>
    public ChannelService.ChannelServiceClient Channels { get; }

    /// <summary>
    /// Connects to <paramref name="address"/> (<c>HOST:PORT</c>) over plaintext HTTP/2 (h2c), or over TLS when
    /// <paramref name="tls"/> is set, trusting only the PEM certificates in <paramref name="caFile"/> when given and
    /// the system's roots otherwise.
    /// </summary>
    public static PushGrpcClient Connect(string address, bool tls = false, string? caFile = null)
    {
        var handler = new SocketsHttpHandler
        {
            // One HTTP/2 connection carries at most the server's MAX_CONCURRENT_STREAMS calls; open more if needed.
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        };
        if (caFile is not null)
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(caFile);
            handler.SslOptions.RemoteCertificateValidationCallback =
                (_, certificate, chain, errors) => IsTrusted(certificate, chain, errors, roots);
        }

        var scheme = tls ? "https" : "http"; // Grpc.Net.Client speaks HTTP/2 with prior knowledge over http://
        var channel = GrpcChannel.ForAddress(
            $"{scheme}://{address}",
            new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        return new PushGrpcClient(channel);
    }

    // The server certificate must chain to one of the given roots (and only those) and match the host name.
    private static bool IsTrusted(
        X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck; // a private CA publishes no CRL
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore); // intermediates, if any
        }

        return chain.Build(leaf);
    }

    /// <summary>
    /// Sends one notification (to one or many device tokens) and returns when APNs has answered for every token: one
    /// result per token, in the order of <c>DeviceTokens</c>.
    /// </summary>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<IReadOnlyList<DeliveryResult>> SendAsync(
        Notification notification, CancellationToken cancellationToken = default)
    {
        var response = await Service.SendAsync(
            new SendRequest { Notification = notification }, cancellationToken: cancellationToken);
        return response.Results;
    }

    /// <summary>
    /// Sends a broadcast (a notification with <c>ChannelId</c> set and no device tokens, see
    /// <see cref="LiveActivity.Broadcast"/>) and returns its one result, which echoes <c>ChannelId</c> and carries
    /// APNs's <c>ApnsRequestId</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The notification names no channel.</exception>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<DeliveryResult> BroadcastAsync(
        Notification broadcast, CancellationToken cancellationToken = default)
    {
        if (broadcast.ChannelId.Length == 0)
        {
            throw new ArgumentException("A broadcast names a channel (ChannelId).", nameof(broadcast));
        }

        var results = await SendAsync(broadcast, cancellationToken);
        return results.Count == 1
            ? results[0]
            : throw new InvalidOperationException($"A broadcast got {results.Count} results instead of one.");
    }

    /// <summary>Creates a broadcast channel for <paramref name="app"/>; the response's <c>Channel</c> (id and storage
    /// policy) is set when its <c>Result.Status</c> is Accepted.</summary>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<CreateChannelResponse> CreateChannelAsync(
        string app, MessageStoragePolicy messageStoragePolicy, CancellationToken cancellationToken = default) =>
        await Channels.CreateChannelAsync(
            new CreateChannelRequest { App = app, MessageStoragePolicy = messageStoragePolicy },
            cancellationToken: cancellationToken);

    /// <summary>Reads a channel's configuration (<c>Result.Reason</c> "ChannelNotRegistered" when there is no such
    /// channel).</summary>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<GetChannelResponse> GetChannelAsync(
        string app, string channelId, CancellationToken cancellationToken = default) =>
        await Channels.GetChannelAsync(
            new GetChannelRequest { App = app, ChannelId = channelId }, cancellationToken: cancellationToken);

    /// <summary>Deletes a channel for good.</summary>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<DeleteChannelResponse> DeleteChannelAsync(
        string app, string channelId, CancellationToken cancellationToken = default) =>
        await Channels.DeleteChannelAsync(
            new DeleteChannelRequest { App = app, ChannelId = channelId }, cancellationToken: cancellationToken);

    /// <summary>Lists the ids of all of <paramref name="app"/>'s channels (<c>ChannelIds</c>).</summary>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    public async Task<ListChannelsResponse> ListChannelsAsync(
        string app, CancellationToken cancellationToken = default) =>
        await Channels.ListChannelsAsync(new ListChannelsRequest { App = app }, cancellationToken: cancellationToken);

    /// <inheritdoc cref="SendStreamAsync(IAsyncEnumerable{Notification}, int, CancellationToken)"/>
    public IAsyncEnumerable<NotificationResult> SendStreamAsync(
        IEnumerable<Notification> notifications, int window = 1000, CancellationToken cancellationToken = default) =>
        SendStreamAsync(notifications.ToAsyncEnumerable(), window, cancellationToken);

    /// <summary>
    /// Streams <paramref name="notifications"/> over one SendStream call with at most <paramref name="window"/>
    /// notifications awaiting results, and yields every result, as the gateway answers, with the notification it
    /// belongs to (matched by <see cref="Notification.Id"/>). Ends when every result has been yielded.
    /// </summary>
    /// <remarks>
    /// Ids must be unique among the notifications in flight. A notification expects one result per device token (one
    /// for a notification without tokens: a broadcast to its channel, or an Invalid result); its window slot is freed
    /// when the last one arrives.
    /// Stopping the enumeration early cancels the call.
    /// </remarks>
    /// <exception cref="RpcException">The call failed as a whole.</exception>
    /// <exception cref="ArgumentException">A duplicate id in flight (the call is cancelled).</exception>
    public async IAsyncEnumerable<NotificationResult> SendStreamAsync(
        IAsyncEnumerable<Notification> notifications,
        int window = 1000,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var call = Service.SendStream(cancellationToken: cts.Token);
        var stream = new StreamState(window);
        var writer = Task.Run(() => WriteAsync(call.RequestStream, notifications, stream, cts), CancellationToken.None);

        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await call.ResponseStream.MoveNext(cts.Token);
                }
                catch (Exception)
                {
                    // If the writer failed (the caller's enumerable threw, a duplicate id) it cancelled the call;
                    // report its exception rather than the resulting Cancelled status.
                    await cts.CancelAsync();
                    await ((Task)writer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    if (writer.Exception?.InnerException is { } writerError)
                    {
                        ExceptionDispatchInfo.Throw(writerError);
                    }

                    throw;
                }

                if (!more)
                {
                    break;
                }

                var result = call.ResponseStream.Current.Result;
                yield return new NotificationResult(stream.Complete(result.NotificationId), result);
            }

            // The gateway ends a call normally only after our half-close, unless it misbehaves.
            if (!stream.SentAll)
            {
                throw new InvalidOperationException("The gateway ended the stream before every notification was sent.");
            }

            await writer;
        }
        finally
        {
            // Also runs when the caller stops enumerating early: stop the writer before the call is disposed.
            await cts.CancelAsync();
            await ((Task)writer).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stream.Dispose();
        }
    }

    private static async Task WriteAsync(
        IClientStreamWriter<SendStreamRequest> requests,
        IAsyncEnumerable<Notification> notifications,
        StreamState stream,
        CancellationTokenSource cts)
    {
        try
        {
            await foreach (var notification in notifications.WithCancellation(cts.Token))
            {
                await stream.StartAsync(notification, cts.Token);
                try
                {
                    await requests.WriteAsync(new SendStreamRequest { Notification = notification }, cts.Token);
                }
                catch (Exception e) when (e is RpcException or InvalidOperationException)
                {
                    return; // the call has ended; the reader reports its status
                }
            }

            stream.SentAll = true;
            await requests.CompleteAsync(); // half-close: the gateway still writes every pending result
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // The reader ended the call.
        }
        catch
        {
            await cts.CancelAsync(); // unblock the reader; it rethrows this exception
            throw;
        }
    }

    /// <summary>Disposes the channel.</summary>
    public void Dispose() => _channel.Dispose();

    // The window and the notifications awaiting results of one SendStream call.
    private sealed class StreamState(int window) : IDisposable
    {
        private readonly SemaphoreSlim _slots = new(window);
        private readonly ConcurrentDictionary<string, Pending> _pending = new();
        private volatile bool _sentAll;

        public bool SentAll { get => _sentAll; set => _sentAll = value; }

        // Writer: waits for a free slot, then records the notification as awaiting its results.
        public async Task StartAsync(Notification notification, CancellationToken cancellationToken)
        {
            await _slots.WaitAsync(cancellationToken);
            if (!_pending.TryAdd(notification.Id, new Pending(notification)))
            {
                throw new ArgumentException($"Duplicate notification id in flight: '{notification.Id}'.");
            }
        }

        // Reader: counts one result for the id and frees the slot after the last. Results arrive one at a time, so
        // Remaining needs no synchronisation.
        public Notification? Complete(string id)
        {
            if (!_pending.TryGetValue(id, out var entry))
            {
                return null;
            }

            if (--entry.Remaining == 0)
            {
                _pending.TryRemove(id, out _);
                _slots.Release();
            }

            return entry.Notification;
        }

        public void Dispose() => _slots.Dispose();
    }

    private sealed class Pending(Notification notification)
    {
        public Notification Notification { get; } = notification;

        public int Remaining { get; set; } = Math.Max(1, notification.DeviceTokens.Count);
    }
}
