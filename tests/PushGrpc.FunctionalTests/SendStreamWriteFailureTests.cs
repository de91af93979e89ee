using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.FunctionalTests;

/// <summary>
/// A SendStream whose result writes fail for a reason other than the caller going away (a bug): the session must stop
/// reading and end the call with an error, not hang with every slot held by a result nobody drains.
/// </summary>
public sealed class SendStreamWriteFailureTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task RunAsync_ResultWriteFailsUnexpectedly_EndsTheCallInternalInsteadOfHanging()
    {
        var services = fixture.Gateway.Services;
        var writer = new FailingWriter();
        var requests = new ListReader(Enumerable.Range(0, 5).Select(i => new SendStreamRequest
        {
            Notification = new Notification
            {
                Id = $"w-{i}",
                App = GatewayFixture.TokenApp,
                DeviceTokens = { GatewayFixture.NewToken() },
                Aps = new Aps { Alert = new Alert { Body = "hi" } },
            },
        }));
        using var session = new SendStreamSession(
            services.GetRequiredService<NotificationDispatcher>(), services.GetRequiredService<GatewayShutdown>(),
            writer, maxInFlight: 1, services.GetRequiredService<ILoggerFactory>().CreateLogger<SendStreamWriteFailureTests>());

        var error = await Assert.ThrowsAsync<RpcException>(() => session.RunAsync(requests, CancellationToken.None).WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Equal(1, writer.Attempts);
        Assert.Contains(fixture.TakeErrorLogs(), log => log.Contains("SendStreamWriteFailed", StringComparison.Ordinal));
    }

    private sealed class FailingWriter : IServerStreamWriter<SendStreamResponse>
    {
        public int Attempts { get; private set; }

        public WriteOptions? WriteOptions { get; set; }

        public Task WriteAsync(SendStreamResponse message)
        {
            Attempts++;
            throw new NotSupportedException("a writer bug");
        }
    }

    private sealed class ListReader(IEnumerable<SendStreamRequest> items) : IAsyncStreamReader<SendStreamRequest>
    {
        private readonly IEnumerator<SendStreamRequest> _items = items.GetEnumerator();

        public SendStreamRequest Current => _items.Current;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(_items.MoveNext());
        }
    }
}
