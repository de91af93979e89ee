using System.Diagnostics;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Hosting;

namespace PushGrpc.FunctionalTests;

/// <summary>OTLP traces: off unless configured; when on, a span per call and sampled spans per send.</summary>
public sealed class TracingTests
{
    [Fact]
    public async Task Tracing_NotConfigured_HasNoTracerProvider()
    {
        await using var gateway = await BuildAsync([]);

        Assert.Null(gateway.Services.GetService<TracerProvider>());
    }

    [Fact]
    public async Task Tracing_OtlpEndpointConfigured_ExportsCallSpanWithSendSpanChildrenWithoutDeviceTokens()
    {
        var spans = new List<Activity>();
        var token = GatewayFixture.NewToken();
        await using var gateway = await BuildAsync(
            [
                new("PushGrpc:Observability:Tracing:OtlpEndpoint", "http://127.0.0.1:1"),
                new("PushGrpc:Observability:Tracing:NotificationSampleRatio", "1"),
            ],
            services => services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans)));
        await gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        using var channel = GrpcChannel.ForAddress(GatewayAddresses.Grpc(gateway));

        var response = await new PushService.PushServiceClient(channel)
            .SendAsync(new SendRequest { Notification = SendTests.Alert(EmbeddedSimulator.AppName, "traced", [token]) })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(response.Results).Status);
        await gateway.StopAsync().WaitAsync(TestTimeouts.Default);
        // Shut down, not only flushed: activity sources are process-wide, so gateways of other test classes running
        // meanwhile feed this exporter too, and the list must stop growing before it is read. This call's span is
        // picked by the apns-id its result carries.
        gateway.Services.GetRequiredService<TracerProvider>().Shutdown();
        var send = Assert.Single(spans, s => s.OperationName == "pushgrpc.send" && Equals(s.GetTagItem("apns.id"), response.Results[0].ApnsId));
        var call = Assert.Single(spans, s => s.SpanId == send.ParentSpanId);
        Assert.Equal(send.TraceId, call.TraceId);
        Assert.Equal(EmbeddedSimulator.AppName, send.GetTagItem("pushgrpc.app"));
        Assert.Equal("alert", send.GetTagItem("pushgrpc.push_type"));
        Assert.Equal("Accepted", send.GetTagItem("pushgrpc.status"));
        Assert.Equal(200, send.GetTagItem("apns.http_status"));
        Assert.All(spans, span => Assert.DoesNotContain(span.TagObjects, tag => tag.Value?.ToString()?.Contains(token, StringComparison.Ordinal) == true));
    }

    private static Task<WebApplication> BuildAsync(KeyValuePair<string, string?>[] settings, Action<IServiceCollection>? services = null) =>
        GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(GatewayAddresses.EphemeralPorts);
            builder.Configuration.AddInMemoryCollection(settings);
            services?.Invoke(builder.Services);
        });
}
