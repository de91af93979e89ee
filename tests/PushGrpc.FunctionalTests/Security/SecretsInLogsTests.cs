using Grpc.Core;
using PushGrpc.Contracts.V1;

namespace PushGrpc.FunctionalTests.Security;

/// <summary>
/// A whole run with secrets configured (.p8 keys, a .p12 password, API keys), every log level on, exercising the
/// paths that log most (good and bad keys, denials, rate limits, a refused and an accepted reload, shutdown): none of
/// the secrets may appear in any log line or exception.
/// </summary>
public sealed class SecretsInLogsTests : IAsyncLifetime
{
    private readonly SecureGatewayFixture _fixture = new();

    public Task InitializeAsync() => _fixture.InitializeAsync();

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task WholeRun_WithSecretsConfigured_NoSecretAppearsInAnyLog()
    {
        const string presentedBadKey = "pgk_presented-but-wrong-9f8e7d6c5b4a";
        using (var channel = _fixture.Channel())
        {
            var client = _fixture.Client(channel);
            foreach (var (app, key) in new[]
            {
                (SecureGatewayFixture.AppA, SecureGatewayFixture.KeyForA),
                (SecureGatewayFixture.AppB, SecureGatewayFixture.KeyForA),
                (SecureGatewayFixture.AppC, SecureGatewayFixture.KeyForAll),
                (SecureGatewayFixture.AppB, SecureGatewayFixture.LimitedKey),
                (SecureGatewayFixture.AppB, SecureGatewayFixture.LimitedKey),
                (SecureGatewayFixture.AppB, SecureGatewayFixture.LimitedKey),
                (SecureGatewayFixture.AppA, presentedBadKey),
            })
            {
                try
                {
                    await client.SendAsync(new SendRequest { Notification = SecureGatewayFixture.Alert(app, "secret-run") }, SecureGatewayFixture.Bearer(key))
                        .ResponseAsync.WaitAsync(TestTimeouts.Default);
                }
                catch (RpcException)
                {
                    // Unauthenticated and rate-limited calls are part of the run.
                }
            }
        }

        // A reload that fails on the .p12 password (a new wrong one), then one that works.
        var generation = _fixture.Registry.GenerationNumber;
        const string wrongPassword = "wrong-p12-password-Xy7Q";
        _fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppC}:Certificate:Password"] = wrongPassword;
        _fixture.WriteConfig();
        await WaitUntilAsync(() => _fixture.Logs.Any(l => l.Contains("ConfigurationRefused", StringComparison.Ordinal)));
        _fixture.Config[$"PushGrpc:Apps:{SecureGatewayFixture.AppC}:Certificate:Password"] = SecureGatewayFixture.P12Password;
        _fixture.WriteConfig();
        await WaitUntilAsync(() => _fixture.Registry.GenerationNumber > generation);
        await _fixture.DisposeAsyncGatewayOnlyAsync();

        var secrets = new List<string>
        {
            SecureGatewayFixture.KeyForA, SecureGatewayFixture.KeyForAll, SecureGatewayFixture.LimitedKey, presentedBadKey,
            SecureGatewayFixture.P12Password, wrongPassword,
        };
        // Each base64 line of each private key, so a partial dump is caught too.
        secrets.AddRange(_fixture.KeyPems.SelectMany(pem => pem.Split('\n')).Where(line => line.Length > 20 && !line.StartsWith("-----", StringComparison.Ordinal)));
        Assert.True(_fixture.Logs.Count > 100, $"only {_fixture.Logs.Count} log lines: is Trace logging on?");
        foreach (var line in _fixture.Logs)
        {
            foreach (var secret in secrets)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a secret appears in a log line: {line.Replace(secret, "<SECRET>", StringComparison.Ordinal)}");
            }
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
