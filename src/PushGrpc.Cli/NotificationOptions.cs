using System.CommandLine;

namespace PushGrpc.Cli;

/// <summary>The flags that set notification fields (defaults for every row in bulk mode).</summary>
internal sealed class NotificationOptions
{
    private readonly Option<string?> _id = new("--id") { Description = "Your notification id, echoed in every result." };
    private readonly Option<string?> _title = new("--title") { Description = "Alert title." };
    private readonly Option<string?> _subtitle = new("--subtitle") { Description = "Alert subtitle." };
    private readonly Option<string?> _body = new("--body") { Description = "Alert body." };
    private readonly Option<string?> _pushType = new("--push-type") { Description = "alert, background, voip, liveactivity, ... (default: background when only --content-available, else alert)." };
    private readonly Option<string?> _priority = new("--priority") { Description = "10 (immediate), 5 (conserve power) or 1 (minimal)." };
    private readonly Option<string?> _badge = new("--badge") { Description = "Badge count; 0 removes the badge." };
    private readonly Option<string?> _sound = new("--sound") { Description = "Sound name, e.g. default." };
    private readonly Option<string?> _threadId = new("--thread-id") { Description = "aps.thread-id." };
    private readonly Option<string?> _category = new("--category") { Description = "aps.category." };
    private readonly Option<bool> _contentAvailable = new("--content-available") { Description = "aps.content-available (a background push when nothing else is set)." };
    private readonly Option<bool> _mutableContent = new("--mutable-content") { Description = "aps.mutable-content." };
    private readonly Option<string?> _collapseId = new("--collapse-id") { Description = "apns-collapse-id." };
    private readonly Option<string?> _expiration = new("--expiration") { Description = "apns-expiration in UNIX seconds (0: do not store)." };
    private readonly Option<string?> _topic = new("--topic") { Description = "apns-topic (default: the app's bundle id plus the push type's suffix)." };
    private readonly Option<string?> _data = new("--data") { Description = "Custom keys beside aps, as a JSON object." };
    private readonly Option<string?> _event = new("--event") { Description = "Live Activity aps.event: update, end (or start, to a push-to-start token)." };
    private readonly Option<string?> _contentState = new("--content-state") { Description = "Live Activity aps.content-state, as a JSON object." };
    private readonly Option<string?> _timestamp = new("--timestamp") { Description = "Live Activity aps.timestamp in UNIX seconds (default with --event or --channel: now)." };
    private readonly Option<string?> _staleDate = new("--stale-date") { Description = "Live Activity aps.stale-date in UNIX seconds." };
    private readonly Option<string?> _dismissalDate = new("--dismissal-date") { Description = "Live Activity aps.dismissal-date in UNIX seconds (with --event end)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _id, _title, _subtitle, _body, _pushType, _priority, _badge, _sound, _threadId, _category, _contentAvailable, _mutableContent, _collapseId, _expiration, _topic, _data, _event, _contentState, _timestamp, _staleDate, _dismissalDate })
        {
            command.Options.Add(option);
        }
    }

    public NotificationFields Read(ParseResult parse) => new()
    {
        Id = parse.GetValue(_id),
        Title = parse.GetValue(_title),
        Subtitle = parse.GetValue(_subtitle),
        Body = parse.GetValue(_body),
        PushType = parse.GetValue(_pushType),
        Priority = parse.GetValue(_priority),
        Badge = parse.GetValue(_badge),
        Sound = parse.GetValue(_sound),
        ThreadId = parse.GetValue(_threadId),
        Category = parse.GetValue(_category),
        ContentAvailable = parse.GetValue(_contentAvailable) ? "true" : null,
        MutableContent = parse.GetValue(_mutableContent) ? "true" : null,
        CollapseId = parse.GetValue(_collapseId),
        Expiration = parse.GetValue(_expiration),
        Topic = parse.GetValue(_topic),
        Data = parse.GetValue(_data),
        Event = parse.GetValue(_event),
        ContentState = parse.GetValue(_contentState),
        Timestamp = parse.GetValue(_timestamp),
        StaleDate = parse.GetValue(_staleDate),
        DismissalDate = parse.GetValue(_dismissalDate),
    };
}
