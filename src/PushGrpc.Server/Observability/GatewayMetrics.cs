using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using PushGrpc.Apns;
using PushGrpc.Contracts.V1;
using PushGrpc.Server.Dispatch;

namespace PushGrpc.Server.Observability;

/// <summary>
/// The gateway's own instruments (meter <see cref="MeterName"/>): results by app, push type, status and reason; end to
/// end latency; work in flight globally, per APNs pool and per SendStream; gRPC calls by method and code. Tag values are configured
/// app names, enum names and gRPC method names: never a device token, notification id or caller-chosen string.
/// </summary>
internal sealed class GatewayMetrics
{
    public const string MeterName = "PushGrpc.Server";

    /// <summary>The app tag of a notification that names no configured app.</summary>
    public const string UnknownApp = "unknown";

    private static readonly string[] StatusNames = BuildStatusNames();

    private readonly ApnsAppRegistry _apps;
    private readonly Counter<long> _results;
    private readonly Histogram<double> _resultDuration;
    private readonly Counter<long> _calls;
    private readonly Histogram<double> _callDuration;
    private readonly ConcurrentDictionary<StreamGauge, byte> _streams = new();
    private Func<int>? _globalInFlight;
    private int _globalLimit;

    public GatewayMetrics(IMeterFactory meterFactory, ApnsAppRegistry apps)
    {
        _apps = apps;
        var meter = meterFactory.Create(MeterName);
        _results = meter.CreateCounter<long>("pushgrpc.results", "{result}",
            "Results returned to callers, one per notification and device token, by app, push type, status and APNs reason.");
        _resultDuration = meter.CreateHistogram<double>("pushgrpc.result.duration", "s",
            "End to end: from reading the notification to writing its result back, by app and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _calls = meter.CreateCounter<long>("pushgrpc.grpc.calls", "{call}", "Finished gRPC calls (transcoded HTTP/JSON calls included) by method and status code.");
        _callDuration = meter.CreateHistogram<double>("pushgrpc.grpc.call.duration", "s", "Duration of finished gRPC calls by method and status code.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300] });

        meter.CreateObservableGauge("pushgrpc.dispatch.in_flight", () => _globalInFlight?.Invoke() ?? 0, "{request}",
            "Sends to APNs started and not yet answered across all calls (bounded by PushGrpc:Dispatch:MaxInFlightGlobal).");
        meter.CreateObservableGauge("pushgrpc.dispatch.in_flight.limit", () => Volatile.Read(ref _globalLimit), "{request}",
            "PushGrpc:Dispatch:MaxInFlightGlobal.");
        meter.CreateObservableGauge("pushgrpc.dispatch.pool.in_flight", () => PerPool(c => c.InFlight), "{request}",
            "Sends started on an APNs client's pool and not yet answered: on the wire or waiting for a stream.");
        meter.CreateObservableGauge("pushgrpc.dispatch.pool.in_flight.limit", () => PerPool(c => c.Limit), "{request}",
            "The most sends an APNs client's pool may have started now: it follows APNs's latency, from 100 streams per connection up to MaxStreamsPerConnection, plus a quarter.");
        meter.CreateObservableGauge("pushgrpc.sendstream.active", () => _streams.Count, "{stream}", "SendStream calls open now.");
        meter.CreateObservableGauge("pushgrpc.sendstream.in_flight", () => _streams.Keys.Sum(s => s.InFlight()), "{result}",
            "Results outstanding (being sent or waiting to be written) summed over open SendStreams.");
        meter.CreateObservableGauge("pushgrpc.sendstream.in_flight.max", () => _streams.Keys.Select(s => s.InFlight()).DefaultIfEmpty().Max(), "{result}",
            "Results outstanding on the busiest open SendStream.");
        meter.CreateObservableGauge("pushgrpc.sendstream.saturated", () => _streams.Keys.Count(s => s.InFlight() >= s.Limit), "{stream}",
            "Open SendStreams at PushGrpc:Dispatch:MaxInFlightPerStream: the gateway is not reading them (backpressure).");
    }

    /// <summary>Makes the global in-flight gauge read <paramref name="inFlight"/> (the dispatcher's semaphore).</summary>
    public void ObserveGlobalInFlight(Func<int> inFlight, int limit)
    {
        _globalInFlight = inFlight;
        Volatile.Write(ref _globalLimit, limit);
    }

    /// <summary>Counts an open SendStream in the stream gauges until the returned handle is disposed.</summary>
    public IDisposable TrackStream(Func<int> inFlight, int limit)
    {
        var gauge = new StreamGauge(inFlight, limit, _streams);
        _streams.TryAdd(gauge, 0);
        return gauge;
    }

    // Read at collection time only; tagged like the APNs client's own metrics.
    private IEnumerable<Measurement<int>> PerPool(Func<SendCapacity, int> value) =>
        _apps.Clients.Select(c => new Measurement<int>(value(c.Capacity), new KeyValuePair<string, object?>("app", c.Name)));

    /// <summary>The tags every result of <paramref name="notification"/> shares; computed once per notification.</summary>
    public ResultTags TagsFor(Notification? notification, Admission? admission, long receivedAt)
    {
        var app = admission?.App?.Name
            ?? (notification is not null && _apps.Find(notification.App) is { } found ? found.Name : UnknownApp);
        var pushType = admission?.Apns is { } apns ? apns.PushType.ToHeaderValue()
            : notification is null || notification.PushType == PushType.Unspecified ? "unspecified"
            : notification.PushType.ToString().ToLowerInvariant();
        return new ResultTags(app, pushType, receivedAt);
    }

    /// <summary>One result was written back to its caller.</summary>
    public void RecordResult(in ResultTags tags, DeliveryResult result)
    {
        var status = (int)result.Status < StatusNames.Length ? StatusNames[(int)result.Status] : "other";
        if (_results.Enabled)
        {
            _results.Add(1, new TagList
            {
                { "app", tags.App },
                { "push_type", tags.PushType },
                { "status", status },
                { "reason", ReasonTag(result.Reason) },
            });
        }

        if (_resultDuration.Enabled)
        {
            _resultDuration.Record(Stopwatch.GetElapsedTime(tags.ReceivedAt).TotalSeconds, new TagList
            {
                { "app", tags.App },
                { "status", status },
            });
        }
    }

    public void RecordCall(string method, Grpc.Core.StatusCode code, TimeSpan duration)
    {
        var tags = new TagList { { "method", method }, { "code", code.ToString() } };
        _calls.Add(1, tags);
        _callDuration.Record(duration.TotalSeconds, tags);
    }

    // APNs's reason strings pass through to callers unchanged, but as a tag only the ones PushGrpc knows are kept
    // apart: anything else is "Unknown", so a misbehaving server cannot grow the series without bound.
    private static string ReasonTag(string reason) => ApnsReasons.Parse(reason) switch
    {
        ApnsReason.None => "none",
        var known => known.ToString(),
    };

    private static string[] BuildStatusNames()
    {
        var values = Enum.GetValues<DeliveryStatus>();
        var names = new string[values.Max(v => (int)v) + 1];
        foreach (var value in values)
        {
            names[(int)value] = value switch
            {
                DeliveryStatus.Accepted => "accepted",
                DeliveryStatus.Rejected => "rejected",
                DeliveryStatus.Failed => "failed",
                DeliveryStatus.Invalid => "invalid",
                _ => "unspecified",
            };
        }

        return names;
    }

    private sealed class StreamGauge(Func<int> inFlight, int limit, ConcurrentDictionary<StreamGauge, byte> owner) : IDisposable
    {
        public Func<int> InFlight { get; } = inFlight;

        public int Limit { get; } = limit;

        public void Dispose() => owner.TryRemove(this, out _);
    }
}
