using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using PushGrpc.Server.Dispatch;
using PushGrpc.Server.Security;

namespace PushGrpc.Server.Options;

/// <summary>
/// Hot reload: when the configuration changes (appsettings.json, the secrets folder), the "PushGrpc" section is bound
/// afresh, validated like at start-up, its credentials loaded, and only then are apps and callers swapped in, both
/// at once. A configuration with any problem is refused with a log that lists them, and the one in use stays.
/// </summary>
/// <remarks>
/// This listens to the configuration's own reload token rather than IOptionsMonitor: the monitor makes a new value
/// current before anyone can refuse it. Apps, API keys, client-certificate mappings and rate limits reload;
/// Dispatch, Simulator, the listener and the client-certificate CA take effect at the next start.
/// </remarks>
internal sealed partial class ConfigurationReloader(
    IConfiguration configuration,
    IEnumerable<IValidateOptions<PushGrpcOptions>> validators,
    ApnsAppRegistry apps,
    CallerRegistry callers,
    ILogger<ConfigurationReloader> logger) : IHostedService, IDisposable
{
    private readonly Lock _lock = new();
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, () => Reload());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Applies the current configuration if it is valid; returns whether it was taken into use.</summary>
    public bool Reload()
    {
        lock (_lock)
        {
            try
            {
                var options = new PushGrpcOptions();
                configuration.GetSection(PushGrpcOptions.SectionName).Bind(options);
                var errors = validators
                    .Select(v => v.Validate(Microsoft.Extensions.Options.Options.DefaultName, options))
                    .Where(r => r.Failed)
                    .SelectMany(r => r.Failures ?? [])
                    .ToList();
                if (errors.Count > 0)
                {
                    LogRefused(string.Join(" ", errors));
                    return false;
                }

                var next = apps.Prepare(options);
                callers.Apply(options);
                apps.Commit(next);
                return true;
            }
            catch (OptionsValidationException ex)
            {
                LogRefused(string.Join(" ", ex.Failures));
            }
            catch (InvalidOperationException ex)
            {
                // The binder's conversion errors name the key and type.
                LogRefused(ex.Message);
            }

            return false;
        }
    }

    [LoggerMessage(EventId = 1202, EventName = "ConfigurationRefused", Level = LogLevel.Error,
        Message = "Configuration change refused; the previous configuration stays in force. Problems: {Problems}")]
    private partial void LogRefused(string problems);
}
