using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using PushGrpc.Contracts.V1;

namespace PushGrpc.Cli;

/// <summary>
/// The fields of a notification a person sets from the shell or a bulk file row: flags give the defaults, each row
/// may override them. <see cref="All"/> names each field once for its flag, its CSV column and its NDJSON key.
/// </summary>
internal sealed record NotificationFields
{
    /// <summary>Every field, in the order of --help: its flag, column and key, and where its value goes.</summary>
    public static readonly IReadOnlyList<Field> All =
    [
        new("id", "Your notification id, echoed in every result.", (f, v) => f with { Id = v }),
        new("title", "Alert title.", (f, v) => f with { Title = v }),
        new("subtitle", "Alert subtitle.", (f, v) => f with { Subtitle = v }),
        new("body", "Alert body.", (f, v) => f with { Body = v }),
        new("push_type", "alert, background, voip, liveactivity, ... (default: background when only --content-available, else alert).", (f, v) => f with { PushType = v }),
        new("priority", "10 (immediate), 5 (conserve power) or 1 (minimal).", (f, v) => f with { Priority = v }),
        new("badge", "Badge count; 0 removes the badge.", (f, v) => f with { Badge = v }),
        new("sound", "Sound name, e.g. default.", (f, v) => f with { Sound = v }),
        new("thread_id", "aps.thread-id.", (f, v) => f with { ThreadId = v }),
        new("category", "aps.category.", (f, v) => f with { Category = v }),
        new("content_available", "aps.content-available (a background push when nothing else is set).", (f, v) => f with { ContentAvailable = v }, IsSwitch: true),
        new("mutable_content", "aps.mutable-content.", (f, v) => f with { MutableContent = v }, IsSwitch: true),
        new("collapse_id", "apns-collapse-id.", (f, v) => f with { CollapseId = v }),
        new("expiration", "apns-expiration in UNIX seconds (0: do not store).", (f, v) => f with { Expiration = v }),
        new("topic", "apns-topic (default: the app's bundle id plus the push type's suffix).", (f, v) => f with { Topic = v }),
        new("data", "Custom keys beside aps, as a JSON object.", (f, v) => f with { Data = v }),
        new("event", "Live Activity aps.event: update, end (or start, to a push-to-start token).", (f, v) => f with { Event = v }),
        new("content_state", "Live Activity aps.content-state, as a JSON object.", (f, v) => f with { ContentState = v }),
        new("timestamp", "Live Activity aps.timestamp in UNIX seconds (default with --event or --channel: now).", (f, v) => f with { Timestamp = v }),
        new("stale_date", "Live Activity aps.stale-date in UNIX seconds.", (f, v) => f with { StaleDate = v }),
        new("dismissal_date", "Live Activity aps.dismissal-date in UNIX seconds (with --event end).", (f, v) => f with { DismissalDate = v }),
    ];

    /// <summary>The CSV columns and NDJSON keys.</summary>
    public static readonly string[] Names = [.. All.Select(f => f.Name)];

    public string? Id { get; init; }

    public string? Title { get; init; }

    public string? Subtitle { get; init; }

    public string? Body { get; init; }

    public string? PushType { get; init; }

    public string? Priority { get; init; }

    public string? Badge { get; init; }

    public string? Sound { get; init; }

    public string? ThreadId { get; init; }

    public string? Category { get; init; }

    public string? ContentAvailable { get; init; }

    public string? MutableContent { get; init; }

    public string? CollapseId { get; init; }

    public string? Expiration { get; init; }

    public string? Topic { get; init; }

    public string? Data { get; init; }

    public string? Event { get; init; }

    public string? ContentState { get; init; }

    public string? Timestamp { get; init; }

    public string? StaleDate { get; init; }

    public string? DismissalDate { get; init; }

    /// <summary>These fields, with <paramref name="overrides"/>'s non-empty values (by field name) taking precedence.</summary>
    public NotificationFields With(IReadOnlyDictionary<string, string?> overrides) =>
        All.Aggregate(this, (fields, field) =>
            overrides.TryGetValue(field.Name, out var value) && !string.IsNullOrEmpty(value) ? field.Set(fields, value) : fields);

    /// <summary>Builds the notification; throws <see cref="FormatException"/> naming a field that cannot be read.</summary>
    public Notification ToNotification(string app, IEnumerable<string> deviceTokens) => Build(app, deviceTokens, channelId: null);

    /// <summary>Builds the notification for a broadcast to <paramref name="channelId"/> (no device tokens).</summary>
    public Notification ToBroadcast(string app, string channelId) => Build(app, [], channelId);

    private Notification Build(string app, IEnumerable<string> deviceTokens, string? channelId)
    {
        var notification = new Notification
        {
            Id = Id ?? string.Empty,
            App = app,
            ChannelId = channelId ?? string.Empty,
            CollapseId = CollapseId ?? string.Empty,
            Topic = Topic ?? string.Empty,
        };
        notification.DeviceTokens.AddRange(deviceTokens);
        if (PushType is { Length: > 0 } pushType)
        {
            notification.PushType = ParseName<PushType>("push_type", pushType, "PUSH_TYPE_", "an APNs push type (alert, background, voip, liveactivity, ...)");
        }

        if (Priority is { Length: > 0 } priority)
        {
            notification.Priority = priority.ToLowerInvariant() switch
            {
                "10" or "immediate" => Contracts.V1.Priority.Immediate,
                "5" or "conserve_power" or "conserve-power" => Contracts.V1.Priority.ConservePower,
                "1" or "minimal" => Contracts.V1.Priority.Minimal,
                _ => throw new FormatException($"priority: \"{priority}\" is not 10, 5 or 1"),
            };
        }

        if (ParseUnixSeconds("expiration", Expiration) is { } expiration)
        {
            notification.Expiration = expiration;
        }

        var aps = new Aps();
        if (Title is { Length: > 0 } || Subtitle is { Length: > 0 } || Body is { Length: > 0 })
        {
            aps.Alert = new Alert { Title = Title ?? string.Empty, Subtitle = Subtitle ?? string.Empty, Body = Body ?? string.Empty };
        }

        if (Badge is { Length: > 0 } badge)
        {
            aps.Badge = int.TryParse(badge, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count)
                ? count
                : throw new FormatException($"badge: \"{badge}\" is not a number");
        }

        if (Sound is { Length: > 0 } sound)
        {
            aps.SoundName = sound;
        }

        aps.ThreadId = ThreadId ?? string.Empty;
        aps.Category = Category ?? string.Empty;
        aps.ContentAvailable = ParseBool("content_available", ContentAvailable);
        aps.MutableContent = ParseBool("mutable_content", MutableContent);
        AddLiveActivity(aps, broadcast: channelId is not null);
        notification.Aps = aps;

        if (Data is { Length: > 0 } data)
        {
            notification.CustomData = ParseObject("data", data);
        }

        return notification;
    }

    private void AddLiveActivity(Aps aps, bool broadcast)
    {
        if (Event is { Length: > 0 } liveActivityEvent)
        {
            aps.Event = ParseName<LiveActivityEvent>("event", liveActivityEvent, "LIVE_ACTIVITY_EVENT_", "start, update or end");
        }

        if (ContentState is { Length: > 0 } contentState)
        {
            aps.ContentState = ParseObject("content_state", contentState);
        }

        if (ParseUnixSeconds("timestamp", Timestamp) is { } timestamp)
        {
            aps.Timestamp = timestamp;
        }
        else if (aps.Event != LiveActivityEvent.Unspecified || broadcast)
        {
            // APNs orders Live Activity updates by timestamp and drops older ones, so "now" is the useful default;
            // every broadcast needs one (apns-reference §7), also without --event (the gateway then names the event).
            aps.Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        }

        if (ParseUnixSeconds("stale_date", StaleDate) is { } staleDate)
        {
            aps.StaleDate = staleDate;
        }

        if (ParseUnixSeconds("dismissal_date", DismissalDate) is { } dismissalDate)
        {
            aps.DismissalDate = dismissalDate;
        }
    }

    /// <summary>
    /// An enum value by its name as a person types it (<c>voip</c>, <c>file_provider</c>, <c>update</c>) or as proto JSON
    /// spells it (<c>PUSH_TYPE_VOIP</c>): case and underscores do not matter; numbers and the unspecified value are not
    /// names.
    /// </summary>
    private static TEnum ParseName<TEnum>(string field, string value, string protoPrefix, string expected)
        where TEnum : struct, System.Enum
    {
        var name = (value.StartsWith(protoPrefix, StringComparison.OrdinalIgnoreCase) ? value[protoPrefix.Length..] : value)
            .Replace("_", string.Empty, StringComparison.Ordinal);
        foreach (var candidate in System.Enum.GetValues<TEnum>())
        {
            if (!candidate.Equals(default(TEnum)) && candidate.ToString().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw new FormatException($"{field}: \"{value}\" is not {expected}");
    }

    private static long? ParseUnixSeconds(string name, string? value) => value switch
    {
        null or "" => null,
        _ when long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) => seconds,
        _ => throw new FormatException($"{name}: \"{value}\" is not UNIX seconds"),
    };

    private static Struct ParseObject(string name, string json)
    {
        try
        {
            return JsonParser.Default.Parse<Struct>(json);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException)
        {
            throw new FormatException($"{name}: not a JSON object ({ex.Message})", ex);
        }
    }

    private static bool ParseBool(string name, string? value) => value switch
    {
        null or "" => false,
        _ when bool.TryParse(value, out var flag) => flag,
        "1" => true,
        "0" => false,
        _ => throw new FormatException($"{name}: \"{value}\" is not true or false"),
    };

    /// <summary>
    /// One field: <paramref name="Name"/> is its CSV column and NDJSON key, and in kebab-case its flag; a switch
    /// (--content-available) stands for "true".
    /// </summary>
    public sealed record Field(string Name, string Description, Func<NotificationFields, string, NotificationFields> Set, bool IsSwitch = false)
    {
        public string Flag { get; } = "--" + Name.Replace('_', '-');
    }
}
