using Grpc.Core;
using Grpc.Health.V1;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>The auth matrix over a TLS listener: no key, bad key, key for another app, good key; mTLS on and off.</summary>
public sealed class CallerAuthTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task Send_NoCredentials_IsUnauthenticated()
    {
        using var channel = fixture.Channel();

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "none") })
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("authorization: Bearer", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendStream_NoCredentials_IsUnauthenticatedAndSendsNothing()
    {
        using var channel = fixture.Channel();
        var before = fixture.Simulator.Records.Count;

        var error = await Assert.ThrowsAsync<RpcException>(() => StreamClient.SendAllAsync(
            fixture.Client(channel), [SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "none")], TestTimeouts.Default));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(before, fixture.Simulator.Records.Count);
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("x-api-key")]
    public async Task Send_UnknownKey_IsUnauthenticated(string header)
    {
        using var channel = fixture.Channel();
        var metadata = header == "authorization"
            ? SecureGatewayFixture.Bearer("pgk_not-a-configured-key")
            : SecureGatewayFixture.XApiKey("pgk_not-a-configured-key");

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "bad") }, metadata)
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Theory]
    [InlineData("authorization")]
    [InlineData("x-api-key")]
    public async Task Send_GoodKeyWithoutClientCertificate_IsAccepted(string header)
    {
        using var channel = fixture.Channel();
        var metadata = header == "authorization"
            ? SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA)
            : SecureGatewayFixture.XApiKey(SecureGatewayFixture.KeyForA);

        var response = await fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "good") }, metadata)
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(response.Results).Status);
    }

    [Fact]
    public async Task Send_KeyForAnotherApp_ReturnsPermissionDeniedResultAndSendsNothing()
    {
        using var channel = fixture.Channel();
        var token = GatewayFixture.NewToken();

        var response = await fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, "other", token) },
                SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        var result = Assert.Single(response.Results);
        Assert.Equal(DeliveryStatus.Invalid, result.Status);
        Assert.Equal(DeliveryResults.PermissionDeniedReason, result.Reason);
        Assert.Contains("app-b", result.Message, StringComparison.Ordinal);
        Assert.Equal(0, result.HttpStatus);
        Assert.DoesNotContain(fixture.Simulator.Records, r => r.DeviceToken == token);
    }

    [Fact]
    public async Task Channels_NeedCredentialsAndAKeyForTheApp()
    {
        using var channel = fixture.Channel();
        var channels = new ChannelService.ChannelServiceClient(channel);

        var anonymous = await Assert.ThrowsAsync<RpcException>(() => channels
            .ListChannelsAsync(new ListChannelsRequest { App = SecureGatewayFixture.AppA })
            .ResponseAsync.WaitAsync(TestTimeouts.Default));
        var denied = await channels
            .CreateChannelAsync(new CreateChannelRequest { App = SecureGatewayFixture.AppB, MessageStoragePolicy = MessageStoragePolicy.NoMessageStored },
                SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA))
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(StatusCode.Unauthenticated, anonymous.StatusCode);
        Assert.Equal(DeliveryStatus.Invalid, denied.Result.Status);
        Assert.Equal(DeliveryResults.PermissionDeniedReason, denied.Result.Reason);
        Assert.Contains("app-b", denied.Result.Message, StringComparison.Ordinal);
        Assert.Null(denied.Channel);
    }

    [Fact]
    public async Task SendStream_KeyForAnotherAppMidStream_DeniesThatNotificationAndContinues()
    {
        using var channel = fixture.Channel();
        using var cancel = new CancellationTokenSource(TestTimeouts.Default);
        using var call = fixture.Client(channel).SendStream(SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA), cancellationToken: cancel.Token);
        var notifications = new[]
        {
            SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "s-1"),
            SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, "s-2"),
            SecureGatewayFixture.Alert(SecureGatewayFixture.AppC, "s-3"),
            SecureGatewayFixture.Alert(SecureGatewayFixture.AppA2, "s-4"),
        };
        foreach (var notification in notifications)
        {
            await call.RequestStream.WriteAsync(new SendStreamRequest { Notification = notification }, cancel.Token);
        }

        await call.RequestStream.CompleteAsync();
        var results = new Dictionary<string, DeliveryResult>();
        await foreach (var response in call.ResponseStream.ReadAllAsync(cancel.Token))
        {
            results.Add(response.Result.NotificationId, response.Result);
        }

        Assert.Equal(DeliveryStatus.Accepted, results["s-1"].Status);
        Assert.Equal(DeliveryStatus.Invalid, results["s-2"].Status);
        Assert.Equal(DeliveryResults.PermissionDeniedReason, results["s-2"].Reason);
        Assert.Equal(DeliveryStatus.Invalid, results["s-3"].Status);
        Assert.Equal(DeliveryStatus.Accepted, results["s-4"].Status);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Send_MappedClientCertificate_IsAcceptedForItsAppAndDeniedForOthers()
    {
        using var channel = fixture.Channel(fixture.MappedClientCertificate);
        var client = fixture.Client(channel);

        var allowed = await client.SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, "mtls-b") })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);
        var denied = await client.SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppA, "mtls-a") })
            .ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(DeliveryStatus.Accepted, Assert.Single(allowed.Results).Status);
        Assert.Equal(DeliveryResults.PermissionDeniedReason, Assert.Single(denied.Results).Reason);
    }

    [Fact]
    public async Task Send_UnmappedClientCertificate_IsUnauthenticated()
    {
        using var channel = fixture.Channel(fixture.UnmappedClientCertificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, "unmapped") })
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Send_ClientCertificateFromAnotherCa_FailsTheHandshake()
    {
        using var channel = fixture.Channel(fixture.StrangerClientCertificate);

        var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Client(channel)
            .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, "stranger") },
                SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForAll))
            .ResponseAsync.WaitAsync(TestTimeouts.Default));

        // In TLS 1.3 the server refuses a client certificate after the client has finished its side of the
        // handshake: the client learns it either while connecting (Unavailable) or as the connection breaking under
        // the call it has begun to send (Internal), whichever comes first. Either way no gateway answered.
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
    }

    [Fact]
    public async Task HealthCheck_WithoutCredentials_IsServing()
    {
        using var channel = fixture.Channel();

        var response = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestTimeouts.Default);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, response.Status);
    }

    [Fact]
    public async Task SendStream_TwoTeamsAndACertificateAppConcurrently_AllAcceptedWithTheirOwnCredential()
    {
        using var channel = fixture.Channel();
        var client = fixture.Client(channel);
        string[] apps = [SecureGatewayFixture.AppA, SecureGatewayFixture.AppA2, SecureGatewayFixture.AppB, SecureGatewayFixture.AppC];

        var runs = apps.Select(app => Task.Run(() => StreamClient.SendAllAsync(
            client,
            Enumerable.Range(0, 150).Select(i => SecureGatewayFixture.Alert(app, $"{app}-{i}")),
            TestTimeouts.Default,
            SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForAll)))).ToArray();
        var results = await Task.WhenAll(runs).WaitAsync(TestTimeouts.Default);

        for (var i = 0; i < apps.Length; i++)
        {
            Assert.Equal(150, results[i].Select(r => r.NotificationId).Distinct().Count());
            Assert.All(results[i], r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
            var topic = "com.example." + apps[i]["app-".Length..];
            var records = fixture.Simulator.Records.Where(r => r.Topic == topic && r.Accepted).ToList();
            Assert.True(records.Count >= 150, $"{apps[i]}: {records.Count} accepted requests");
            Assert.All(records, r => Assert.Equal(apps[i] == SecureGatewayFixture.AppC ? "certificate" : "token", r.AuthMode));
        }

        // app-a, app-a2 and app-limited share team A's key: one client (one pool, one JWT); app-b and app-c one each.
        Assert.Equal(3, fixture.Registry.ClientCount);
        Assert.Same(
            ((ApnsAppRegistry.AppClient)fixture.Registry.Find(SecureGatewayFixture.AppA)!.Client).Shared,
            ((ApnsAppRegistry.AppClient)fixture.Registry.Find(SecureGatewayFixture.AppA2)!.Client).Shared);
        Assert.Empty(fixture.ErrorLogs);
    }
}
