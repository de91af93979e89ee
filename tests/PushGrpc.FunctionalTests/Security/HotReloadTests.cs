using Grpc.Core;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>Changing the watched configuration file under load: key rotation, added apps, a refused bad change.</summary>
public sealed class HotReloadTests(SecureGatewayFixture fixture) : IClassFixture<SecureGatewayFixture>
{
    [Fact]
    public async Task SendStream_KeyRotatedMidStream_EveryNotificationAcceptedOnceAndOldClientClosed()
    {
        using var channel = fixture.Channel();
        using var stream = new CollectingStream(fixture.Client(channel), TestTimeouts.Default, SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForAll));
        var oldClient = SharedClientOf(SecureGatewayFixture.AppB);
        var generation = fixture.Registry.GenerationNumber;
        var sent = 0;
        Task SendAsync(int count, bool complete = false)
        {
            var batch = Enumerable.Range(sent, count).Select(i => SecureGatewayFixture.Alert(SecureGatewayFixture.AppB, $"rot-{i}")).ToList();
            sent += count;
            return stream.WriteAllAsync(batch, complete);
        }

        await SendAsync(200);

        // Rotate app-b to a new key (new key id, new file) while notifications are still in flight on the old one.
        var newKeyFile = fixture.AddSigningKey(SecureGatewayFixture.TeamB, "KEYBBBBBB2", "rotated", "com.example.b");
        fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppB}:Token:KeyId"] = "KEYBBBBBB2";
        fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppB}:Token:KeyFile"] = newKeyFile;
        fixture.WriteConfig();
        var sending = SendAsync(300);
        await WaitForGenerationAsync(generation + 1);
        await sending;
        await SendAsync(100, complete: true);
        await stream.Reading.WaitAsync(TestTimeouts.Default);

        var results = stream.Results.ToList();
        Assert.Equal(sent, results.Count);
        Assert.Equal(sent, results.Select(r => r.NotificationId).Distinct().Count());
        Assert.All(results, r => Assert.Equal(DeliveryStatus.Accepted, r.Status));
        var newClient = SharedClientOf(SecureGatewayFixture.AppB);
        Assert.NotSame(oldClient, newClient);
        await oldClient.Closed.WaitAsync(TestTimeouts.Default);
        // app-a's credential did not change: its client (and connections) were kept.
        Assert.Equal(3, fixture.Registry.ClientCount);
        Assert.Empty(fixture.ErrorLogs);
    }

    [Fact]
    public async Task Reload_BadKeyFile_IsRefusedAndOldConfigurationStays()
    {
        var generation = fixture.Registry.GenerationNumber;
        var before = new Dictionary<string, string?>(fixture.Config);
        fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppA2}:Token:KeyFile"] = Path.Combine(fixture.Directory, "missing.p8");
        fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppA2}:PoolSize"] = "0";
        fixture.WriteConfig();
        try
        {
            var refusal = await WaitForLogAsync("ConfigurationRefused");

            Assert.Contains("missing.p8", refusal, StringComparison.Ordinal);
            Assert.Contains("PoolSize", refusal, StringComparison.Ordinal);
            Assert.Equal(generation, fixture.Registry.GenerationNumber);
            using var channel = fixture.Channel();
            var response = await fixture.Client(channel)
                .SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(SecureGatewayFixture.AppA2, "still-works") },
                    SecureGatewayFixture.Bearer(SecureGatewayFixture.KeyForA))
                .ResponseAsync.WaitAsync(TestTimeouts.Default);
            Assert.Equal(DeliveryStatus.Accepted, Assert.Single(response.Results).Status);
        }
        finally
        {
            fixture.Config.Clear();
            foreach (var (key, value) in before)
            {
                fixture.Config[key] = value;
            }

            fixture.WriteConfig();
            await WaitForGenerationAsync(generation + 1);
            fixture.TakeErrorLogs();
        }
    }

    private ApnsAppRegistry.SharedClient SharedClientOf(string app) =>
        ((ApnsAppRegistry.AppClient)fixture.Registry.Find(app)!.Client).Shared;

    private async Task WaitForGenerationAsync(int atLeast)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (fixture.Registry.GenerationNumber < atLeast)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    private async Task<string> WaitForLogAsync(string eventName)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (true)
        {
            if (fixture.Logs.FirstOrDefault(l => l.Contains(" " + eventName + ":", StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}
