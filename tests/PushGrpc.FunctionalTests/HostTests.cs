using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Hosting;
using ReflectionV1 = Grpc.Reflection.V1;
using ReflectionV1Alpha = Grpc.Reflection.V1Alpha;

namespace PushGrpc.FunctionalTests;

/// <summary>What a newcomer and an operator rely on: reflection, health, the embedded default, config errors.</summary>
public sealed class HostTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Reflection_V1AndV1Alpha_ListPushService()
    {
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);

        var v1 = new ReflectionV1.ServerReflection.ServerReflectionClient(fixture.Channel).ServerReflectionInfo(cancellationToken: cancel.Token);
        await v1.RequestStream.WriteAsync(new ReflectionV1.ServerReflectionRequest { ListServices = "" }, cancel.Token);
        await v1.RequestStream.CompleteAsync();
        Assert.True(await v1.ResponseStream.MoveNext(cancel.Token));
        Assert.Contains(v1.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "pushgrpc.v1.PushService");

        var alpha = new ReflectionV1Alpha.ServerReflection.ServerReflectionClient(fixture.Channel).ServerReflectionInfo(cancellationToken: cancel.Token);
        await alpha.RequestStream.WriteAsync(new ReflectionV1Alpha.ServerReflectionRequest { ListServices = "" }, cancel.Token);
        await alpha.RequestStream.CompleteAsync();
        Assert.True(await alpha.ResponseStream.MoveNext(cancel.Token));
        Assert.Contains(alpha.ResponseStream.Current.ListServicesResponse.Service, s => s.Name == "pushgrpc.v1.PushService");
    }

    [Fact]
    public async Task HealthCheck_ConfiguredApps_IsServing()
    {
        var response = await new Health.HealthClient(fixture.Channel)
            .CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task EmbeddedDefault_NoAppsInDevelopment_DemoAppIsAcceptedBySimulator()
    {
        await using var gateway = await GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
            builder.Configuration.AddInMemoryCollection(GatewayAddresses.EphemeralPorts));
        await gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        using var channel = GrpcChannel.ForAddress(GatewayAddresses.Grpc(gateway));

        var response = await new PushService.PushServiceClient(channel)
            .SendAsync(new SendRequest { Notification = SendTests.Alert("demo", "hello", [GatewayFixture.NewToken()]) })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(response.Results).Status);
        await gateway.StopAsync().WaitAsync(TestTimeouts.Default);
    }

    [Fact]
    public async Task StartUp_InvalidAppConfiguration_FailsListingEveryError()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayApplication.BuildAsync([], builder =>
            builder.Configuration.AddInMemoryCollection(
            [
                new("Kestrel:Endpoints:Grpc:Url", "http://127.0.0.1:0"),
                new("PushGrpc:Apps:broken:Token:TeamId", "short"),
                new("PushGrpc:Apps:broken:Token:KeyFile", "/nonexistent/AuthKey.p8"),
                new("PushGrpc:Apps:broken:PoolSize", "0"),
                new("PushGrpc:Apps:broken:HttpStack", "7"),
            ])));

        Assert.Contains(error.Failures, f => f.Contains("PushGrpc:Apps:broken:Topic", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("TeamId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("KeyId", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("/nonexistent/AuthKey.p8", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("PoolSize", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("PushGrpc:Apps:broken:HttpStack must be PushGrpc or SocketsHttpHandler", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmbeddedDefault_DeviceTokenRateLimit_ThirdPushToOneTokenGets429()
    {
        await using var gateway = await GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
            builder.Configuration.AddInMemoryCollection(
            [
                .. GatewayAddresses.EphemeralPorts,
                new("PushGrpc:Simulator:DeviceTokenRateLimit", "2"),
                new("PushGrpc:Simulator:DeviceTokenRateWindow", "00:10:00"),
            ]));
        await gateway.StartAsync().WaitAsync(TestTimeouts.Default);
        using var channel = GrpcChannel.ForAddress(GatewayAddresses.Grpc(gateway));
        var client = new PushService.PushServiceClient(channel);
        var token = GatewayFixture.NewToken();

        var results = new List<DeliveryResult>();
        for (var i = 0; i < 3; i++)
        {
            var response = await client.SendAsync(new SendRequest { Notification = SendTests.Alert("demo", $"push-{i}", [token]) })
                .ResponseAsync.WaitAsync(TestTimeouts.Default);
            results.Add(Assert.Single(response.Results));
        }

        Assert.Equal([DeliveryStatus.Accepted, DeliveryStatus.Accepted, DeliveryStatus.Failed], results.Select(r => r.Status));
        Assert.Equal((429, "TooManyRequests"), (results[2].HttpStatus, results[2].Reason));
        await gateway.StopAsync().WaitAsync(TestTimeouts.Default);
    }

    [Theory]
    [InlineData("DeviceTokenRateLimit", "0")]
    [InlineData("DeviceTokenRateWindow", "00:00:00")]
    [InlineData("MaxConcurrentStreams", "0")]
    public async Task StartUp_EmbeddedSimulatorSettingOutOfRange_FailsNamingTheKey(string setting, string value)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayApplication.BuildAsync(["--environment", "Development"], builder =>
            builder.Configuration.AddInMemoryCollection([.. GatewayAddresses.EphemeralPorts, new($"PushGrpc:Simulator:{setting}", value)])));

        Assert.Contains(error.Failures, f => f.Contains($"PushGrpc:Simulator:{setting}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartUp_NoAppsOutsideDevelopment_FailsSayingHowToEnableTheSimulator()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayApplication.BuildAsync(["--environment", "Production"]));

        Assert.Contains(error.Failures, f => f.Contains("PushGrpc:Simulator:Enabled", StringComparison.Ordinal));
    }
}
