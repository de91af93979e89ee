using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using PushGrpc.Apns.Internal;
using PushGrpc.Apns.Tests.Infrastructure;

namespace PushGrpc.Apns.Tests;

/// <summary>What the client shows operators: its meter's instruments and how its logs show device tokens.</summary>
public sealed class ApnsObservabilityTests : IDisposable
{
    private const string DeviceToken = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _signingKey.Dispose();

    [Theory]
    [InlineData(8, "01234567…")]
    [InlineData(4, "0123…")]
    [InlineData(0, "…")]
    [InlineData(200, DeviceToken)]
    public void ShortDeviceToken_VisibleLength_ShowsThatManyCharacters(int visible, string expected) =>
        Assert.Equal(expected, new ShortDeviceToken(DeviceToken, visible).ToString());

    [Fact]
    public void Options_NegativeDeviceTokenLogCharacters_AreInvalid()
    {
        var options = new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            DeviceTokenLogCharacters = -1,
        };

        Assert.Contains(options.Validate(), e => e.Contains("DeviceTokenLogCharacters", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableApns_RetriedSend_CountsRequestsRetriesAndFailedConnectsUnderTheClientName_AndLogsShortTokens()
    {
        var name = "client-" + Guid.NewGuid().ToString("N")[..8];
        using var measurements = new MeasurementRecorder(name);
        var logger = new RecordingLogger<ApnsClient>();

        // Bound but not listening: connects are refused, and no other test can take the port meanwhile.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        await using var client = new ApnsClient(
            new ApnsClientOptions
            {
                Name = name,
                DeviceTokenLogCharacters = 6,
                Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
                BaseAddress = new Uri($"https://127.0.0.1:{((IPEndPoint)closed.LocalEndPoint!).Port}"),
                PoolSize = 1,
                MaxAttempts = 2,
                RetryBaseDelay = TimeSpan.FromMilliseconds(10),
                RetryMaxDelay = TimeSpan.FromMilliseconds(20),
                // After the refused connect the only slot backs off beyond the retry's wait: the retry fails at once
                // without connecting ("APNs unreachable"), so the numbers do not depend on timers.
                ReconnectBaseDelay = TimeSpan.FromMinutes(5),
                ReconnectMaxDelay = TimeSpan.FromMinutes(5),
            },
            logger);

        var response = await client.SendAsync(new ApnsNotification("com.example.app", ApnsPushType.Alert, "{\"aps\":{}}"u8.ToArray()), DeviceToken).WithTimeout();
        measurements.Observe();

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(2, measurements.Count("pushgrpc.apns.request.duration", ("outcome", "failed"), ("http_status", "0")));
        Assert.Equal(1, measurements.Sum("pushgrpc.apns.retries", ("cause", "transport_not_sent")));
        Assert.Equal(1, measurements.Sum("pushgrpc.apns.connects", ("result", "failed")));
        Assert.Equal(1, measurements.Last("pushgrpc.apns.pool.connections", ("state", "backing_off")));
        Assert.Equal(1, measurements.Sum("pushgrpc.apns.provider_tokens.minted"));
        Assert.Equal(1, measurements.Last("pushgrpc.apns.connection.stream_limit", ("connection", "0")));
        Assert.Equal(0, measurements.Last("pushgrpc.apns.credential.rejected"));

        var tokenLines = logger.Entries.Where(e => e.Message.Contains("012345…", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(tokenLines);
        Assert.DoesNotContain(logger.Entries, e => e.Message.Contains("0123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisposedClient_IsNoLongerObserved()
    {
        var name = "client-" + Guid.NewGuid().ToString("N")[..8];
        using var measurements = new MeasurementRecorder(name);
        var client = new ApnsClient(new ApnsClientOptions
        {
            Name = name,
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _signingKey),
            PoolSize = 2,
        });
        measurements.Observe();
        Assert.Equal(2, measurements.Last("pushgrpc.apns.pool.connections", ("state", "ready")));

        await client.DisposeAsync();
        measurements.Clear();
        measurements.Observe();

        Assert.Equal(0, measurements.Count("pushgrpc.apns.pool.connections"));
    }

    /// <summary>Records the PushGrpc.Apns measurements tagged with one client name.</summary>
    private sealed class MeasurementRecorder : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measurements = new();
        private readonly string _app;

        public MeasurementRecorder(string app)
        {
            _app = app;
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == ApnsMetrics.MeterName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
            _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
            _listener.Start();
        }

        public void Observe() => _listener.RecordObservableInstruments();

        public void Clear() => _measurements.Clear();

        public int Count(string instrument, params (string Name, string Value)[] tags) => Matching(instrument, tags).Count();

        public double Sum(string instrument, params (string Name, string Value)[] tags) => Matching(instrument, tags).Sum(m => m.Value);

        public double Last(string instrument, params (string Name, string Value)[] tags) => Matching(instrument, tags).Last().Value;

        public void Dispose() => _listener.Dispose();

        private IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Matching(string instrument, (string Name, string Value)[] tags) =>
            _measurements.Where(m => m.Instrument == instrument && tags.All(t => Equals(m.Tags.GetValueOrDefault(t.Name), t.Value)));

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var dictionary = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                dictionary[tag.Key] = tag.Value;
            }

            if (Equals(dictionary.GetValueOrDefault("app"), _app))
            {
                _measurements.Enqueue((instrument.Name, value, dictionary));
            }
        }
    }
}
