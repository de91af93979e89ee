using System.CommandLine;

namespace PushGrpc.Cli;

/// <summary>The flags that set notification fields (defaults for every row in bulk mode): one per <see cref="NotificationFields.All"/>.</summary>
internal sealed class NotificationOptions
{
    private readonly (NotificationFields.Field Field, Option Option)[] _options =
        [.. NotificationFields.All.Select(f => (f, f.IsSwitch
            ? (Option)new Option<bool>(f.Flag) { Description = f.Description }
            : new Option<string?>(f.Flag) { Description = f.Description }))];

    public void AddTo(Command command)
    {
        foreach (var (_, option) in _options)
        {
            command.Options.Add(option);
        }
    }

    public NotificationFields Read(ParseResult parse) => new NotificationFields().With(_options.ToDictionary(
        o => o.Field.Name,
        o => o.Option is Option<bool> flag ? (parse.GetValue(flag) ? "true" : null) : parse.GetValue((Option<string?>)o.Option)));
}
