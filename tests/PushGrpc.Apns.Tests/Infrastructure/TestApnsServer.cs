using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Tests.Infrastructure;

/// <summary>What the test server saw of one request.</summary>
internal sealed record ReceivedRequest(
    string ConnectionId,
    string Method,
    string Path,
    string Protocol,
    IReadOnlyDictionary<string, string> Headers,
    byte[] Body,
    string? ClientCertificateThumbprint,
    DateTimeOffset ReceivedAt)
{
    public string ApnsId => Headers.TryGetValue("apns-id", out var id) ? id : string.Empty;
}

/// <summary>
/// A tiny HTTP/2-over-TLS endpoint (Kestrel on loopback) that records requests and the concurrency it sees per
/// connection. Not an APNs simulator: it answers 200 unless a test supplies a responder.
/// </summary>
internal sealed class TestApnsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConnectionStats> _connections = new();
    private readonly ConcurrentDictionary<string, ConnectionContext> _transports;
    private readonly TimeProvider _clock;

    private TestApnsServer(WebApplication app, int port, ConcurrentDictionary<string, ConnectionContext> transports, TimeProvider clock)
    {
        _app = app;
        Port = port;
        _transports = transports;
        _clock = clock;
    }

    public int Port { get; }

    /// <summary>The address whose host name matches the server certificate.</summary>
    public Uri BaseAddress => new($"https://localhost:{Port}");

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Highest number of concurrently running requests per connection id.</summary>
    public IReadOnlyDictionary<string, int> MaxConcurrentByConnection =>
        _connections.ToDictionary(pair => pair.Key, pair => Volatile.Read(ref pair.Value.Max));

    public static async Task<TestApnsServer> StartAsync(
        X509Certificate2 serverCertificate,
        int maxStreamsPerConnection = 100,
        TimeSpan? delay = null,
        Func<HttpContext, Task>? respond = null,
        TimeProvider? clock = null)
    {
        var transports = new ConcurrentDictionary<string, ConnectionContext>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.Http2.MaxStreamsPerConnection = maxStreamsPerConnection;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;

                // Keeps each TCP connection reachable so a test can cut it (AbortConnection) mid-request.
                listen.Use(next => async connection =>
                {
                    transports[connection.ConnectionId] = connection;
                    try
                    {
                        await next(connection);
                    }
                    finally
                    {
                        transports.TryRemove(connection.ConnectionId, out _);
                    }
                });
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serverCertificate;

                    // Accept any client certificate: the tests assert which one arrived.
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.AllowAnyClientCertificate();
                });
            });
        });

        var app = builder.Build();
        TestApnsServer? server = null;
        app.Run(context => server!.HandleAsync(context, delay ?? TimeSpan.Zero, respond ?? RespondOk));
        await app.StartAsync().WithTimeout();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server = new TestApnsServer(app, new Uri(address).Port, transports, clock ?? TimeProvider.System);
        return server;
    }

    /// <summary>A <c>respond</c> that resets the stream once the request has arrived: the client cannot tell its fate.</summary>
    public static Task ResetStream(HttpContext context)
    {
        context.Abort();
        return Task.CompletedTask;
    }

    /// <summary>Closes the TCP connection that carries <paramref name="context"/>, as a network failure would.</summary>
    public void AbortConnection(HttpContext context)
    {
        if (!_transports.TryGetValue(context.Connection.Id, out var connection))
        {
            throw new InvalidOperationException("No transport connection with id " + context.Connection.Id);
        }

        connection.Abort(new ConnectionAbortedException("test: connection cut"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WithTimeout();
        await _app.DisposeAsync();
    }

    private static Task RespondOk(HttpContext context)
    {
        context.Response.StatusCode = 200;
        context.Response.Headers["apns-id"] = context.Request.Headers["apns-id"].ToString();
        return Task.CompletedTask;
    }

    private async Task HandleAsync(HttpContext context, TimeSpan delay, Func<HttpContext, Task> respond)
    {
        var stats = _connections.GetOrAdd(context.Connection.Id, _ => new ConnectionStats());
        var now = Interlocked.Increment(ref stats.Current);
        int seen;
        while (now > (seen = Volatile.Read(ref stats.Max)) && Interlocked.CompareExchange(ref stats.Max, now, seen) != seen)
        {
        }

        try
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue(new ReceivedRequest(
                context.Connection.Id,
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Protocol,
                headers,
                body.ToArray(),
                context.Connection.ClientCertificate?.Thumbprint,
                _clock.GetUtcNow()));
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, context.RequestAborted);
            }

            await respond(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (timeout tests); nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref stats.Current);
        }
    }

    private sealed class ConnectionStats
    {
        public int Current;
        public int Max;
    }
}
