using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// The instruments of <see cref="ApnsMetrics.MeterName"/>. Tag values come from small fixed sets (outcomes, HTTP
/// statuses, HTTP/2 error names, retry causes, reason names) or the configured client name, so series stay bounded.
/// Observable gauges read the clients that are alive right now.
/// </summary>
internal static class ApnsInstruments
{
    private static readonly Meter Meter = new(ApnsMetrics.MeterName, typeof(ApnsInstruments).Assembly.GetName().Version?.ToString());
    private static readonly ConcurrentDictionary<ApnsClient, byte> LiveClients = new();

    private static readonly Histogram<double> RequestDuration = Meter.CreateHistogram<double>(
        "pushgrpc.apns.request.duration", "s",
        "One request to APNs (one attempt): from taking a stream slot to APNs's answer or the failure, by outcome and HTTP status.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 10, 30],
        });

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>(
        "pushgrpc.apns.retries", "{retry}", "Requests sent again after an outcome without a verdict, by cause.");

    private static readonly Counter<long> GoAways = Meter.CreateCounter<long>(
        "pushgrpc.apns.goaways", "{goaway}", "HTTP/2 GOAWAY frames received from APNs, by HTTP/2 error code.");

    private static readonly Counter<long> Connects = Meter.CreateCounter<long>(
        "pushgrpc.apns.connects", "{connect}", "TCP+TLS connects to APNs, by result (opened, failed).");

    private static readonly Counter<long> Reconnects = Meter.CreateCounter<long>(
        "pushgrpc.apns.reconnects", "{connect}", "Connections opened by a pool slot that had been connected before.");

    private static readonly Counter<long> TokensMinted = Meter.CreateCounter<long>(
        "pushgrpc.apns.provider_tokens.minted", "{token}", "Provider tokens (JWT) signed: the first, and each refresh.");

    private static readonly Counter<long> CredentialRejections = Meter.CreateCounter<long>(
        "pushgrpc.apns.credential.rejections", "{rejection}", "Answers or GOAWAYs in which APNs rejected the credential, by reason.");

    private static readonly Histogram<double> ChannelRequestDuration = Meter.CreateHistogram<double>(
        "pushgrpc.apns.channel.request.duration", "s",
        "One channel-management request (one attempt): create, get, delete or list, by operation, outcome and HTTP status.",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
        });

    private static readonly Counter<long> ChannelRetries = Meter.CreateCounter<long>(
        "pushgrpc.apns.channel.retries", "{retry}", "Channel-management requests sent again, by operation and cause.");

    static ApnsInstruments()
    {
        Meter.CreateObservableGauge("pushgrpc.apns.connection.stream_limit", ObserveStreamLimits, "{stream}",
            "Streams a pooled connection may carry now: the configured bound lowered to APNs's SETTINGS_MAX_CONCURRENT_STREAMS (1 until SETTINGS arrive).");
        Meter.CreateObservableGauge("pushgrpc.apns.connection.in_flight", ObserveInFlight, "{request}",
            "Requests on a pooled connection now.");
        Meter.CreateObservableGauge("pushgrpc.apns.pool.connections", ObservePoolSizes, "{connection}",
            "Pooled connections by state: ready (usable) or backing_off (waiting to reconnect after failed connects).");
        Meter.CreateObservableGauge("pushgrpc.apns.credential.rejected", ObserveCredentialProblems, "{client}",
            "1 while APNs rejects the client's credential (sends fail without a request until a probe succeeds), else 0.");
    }

    public static void Register(ApnsClient client) => LiveClients.TryAdd(client, 0);

    public static void Unregister(ApnsClient client) => LiveClients.TryRemove(client, out _);

    public static void RecordRequest(string app, ApnsResponse response)
    {
        if (!RequestDuration.Enabled)
        {
            return;
        }

        RequestDuration.Record(response.Duration.TotalSeconds, new TagList
        {
            { "app", app },
            { "outcome", OutcomeName(response.Outcome) },
            { "http_status", StatusName(response.HttpStatus) },
        });
    }

    public static void RecordChannelRequest(string app, ChannelOperation operation, ApnsChannelResponse response)
    {
        if (!ChannelRequestDuration.Enabled)
        {
            return;
        }

        ChannelRequestDuration.Record(response.Duration.TotalSeconds, new TagList
        {
            { "app", app },
            { "operation", operation.Name() },
            { "outcome", OutcomeName(response.Outcome) },
            { "http_status", StatusName(response.HttpStatus) },
        });
    }

    public static void RecordChannelRetry(string app, ChannelOperation operation, string cause) =>
        ChannelRetries.Add(
            1,
            new KeyValuePair<string, object?>("app", app),
            new KeyValuePair<string, object?>("operation", operation.Name()),
            new KeyValuePair<string, object?>("cause", cause));

    public static void RecordRetry(string app, string cause) =>
        Retries.Add(1, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("cause", cause));

    public static void RecordGoAway(string app, uint errorCode) =>
        GoAways.Add(1, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("error", Http2ErrorName(errorCode)));

    public static void RecordConnect(string app, bool opened, bool reconnect)
    {
        Connects.Add(1, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("result", opened ? "opened" : "failed"));
        if (reconnect)
        {
            Reconnects.Add(1, new KeyValuePair<string, object?>("app", app));
        }
    }

    public static void RecordTokenMinted(string app) => TokensMinted.Add(1, new KeyValuePair<string, object?>("app", app));

    public static void RecordCredentialRejection(string app, ApnsReason reason) =>
        CredentialRejections.Add(1, new KeyValuePair<string, object?>("app", app), new KeyValuePair<string, object?>("reason", reason.ToString()));

    /// <summary>The retry cause of an answered attempt: its HTTP status, folded into a few classes.</summary>
    public static string AnsweredRetryCause(int httpStatus) => httpStatus switch
    {
        429 => "http_429",
        500 => "http_500",
        503 => "http_503",
        >= 500 and < 600 => "http_5xx",
        _ => "http_other",
    };

    private static string OutcomeName(ApnsOutcome outcome) => outcome switch
    {
        ApnsOutcome.Accepted => "accepted",
        ApnsOutcome.Rejected => "rejected",
        _ => "failed",
    };

    // APNs answers with a handful of statuses; anything outside HTTP's range is folded so the tag stays bounded.
    private static string StatusName(int status) =>
        status is 0 or (>= 100 and < 600) ? status.ToString(CultureInfo.InvariantCulture) : "other";

    private static string Http2ErrorName(uint errorCode) => errorCode switch
    {
        0x0 => "NO_ERROR",
        0x1 => "PROTOCOL_ERROR",
        0x2 => "INTERNAL_ERROR",
        0x3 => "FLOW_CONTROL_ERROR",
        0x4 => "SETTINGS_TIMEOUT",
        0x5 => "STREAM_CLOSED",
        0x6 => "FRAME_SIZE_ERROR",
        0x7 => "REFUSED_STREAM",
        0x8 => "CANCEL",
        0x9 => "COMPRESSION_ERROR",
        0xa => "CONNECT_ERROR",
        0xb => "ENHANCE_YOUR_CALM",
        0xc => "INADEQUATE_SECURITY",
        0xd => "HTTP_1_1_REQUIRED",
        _ => "other",
    };

    private static IEnumerable<Measurement<int>> ObserveStreamLimits()
    {
        foreach (var client in LiveClients.Keys)
        {
            foreach (var connection in client.Pool.Connections)
            {
                yield return new Measurement<int>(connection.EffectiveLimit, ConnectionTags(client, connection));
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObserveInFlight()
    {
        foreach (var client in LiveClients.Keys)
        {
            foreach (var connection in client.Pool.Connections)
            {
                yield return new Measurement<int>(connection.InFlight, ConnectionTags(client, connection));
            }
        }
    }

    private static IEnumerable<Measurement<int>> ObservePoolSizes()
    {
        foreach (var client in LiveClients.Keys)
        {
            var now = client.TimeProvider.GetUtcNow();
            var backingOff = client.Pool.Connections.Count(c => c.IsBackingOff(now));
            yield return new Measurement<int>(client.Pool.Connections.Count - backingOff,
                new KeyValuePair<string, object?>("app", client.Name), new KeyValuePair<string, object?>("state", "ready"));
            yield return new Measurement<int>(backingOff,
                new KeyValuePair<string, object?>("app", client.Name), new KeyValuePair<string, object?>("state", "backing_off"));
        }
    }

    private static IEnumerable<Measurement<int>> ObserveCredentialProblems()
    {
        foreach (var client in LiveClients.Keys)
        {
            yield return new Measurement<int>(client.CredentialProblem is null ? 0 : 1, new KeyValuePair<string, object?>("app", client.Name));
        }
    }

    private static TagList ConnectionTags(ApnsClient client, ApnsConnection connection) => new()
    {
        { "app", client.Name },
        { "connection", connection.Index.ToString(CultureInfo.InvariantCulture) },
    };
}
