using Microsoft.Extensions.Logging;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Keeps a client from hammering APNs with a credential APNs rejected (apns-reference §4.3, §6.4: don't hot-loop).
/// After a credential error every send is failed at once, without a request, for the cool-down; then exactly one
/// send goes through as a probe. An answer to the probe that is not a credential error clears the problem; another
/// credential error starts a new cool-down; a probe without an answer lets the next send probe.
/// </summary>
internal sealed class CredentialGate
{
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _cooldown;
    private readonly ILogger _logger;
    private readonly string _app;
    private volatile ApnsCredentialProblem? _problem;
    private int _probing;

    public CredentialGate(TimeProvider timeProvider, TimeSpan cooldown, ILogger logger, string app = "default")
    {
        _app = app;
        _timeProvider = timeProvider;
        _cooldown = cooldown;
        _logger = logger;
    }

    public ApnsCredentialProblem? Problem => _problem;

    /// <summary>
    /// Null: send normally. Otherwise the problem that blocks this send. <paramref name="isProbe"/> is true for the one
    /// send let through after the cool-down; it must end with <see cref="ProbeAnswered"/>, <see cref="Trip"/> or
    /// <see cref="ProbeUnanswered"/>.
    /// </summary>
    public ApnsCredentialProblem? Enter(out bool isProbe)
    {
        isProbe = false;
        var problem = _problem;
        if (problem is null)
        {
            return null;
        }

        if (_timeProvider.GetUtcNow() < problem.NextProbeAt || Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
        {
            return problem;
        }

        isProbe = true;
        return null;
    }

    /// <summary>APNs rejected the credential (an answer or a GOAWAY reason).</summary>
    public void Trip(ApnsReason reason, string? reasonText, int httpStatus)
    {
        var now = _timeProvider.GetUtcNow();
        var previous = _problem;
        var problem = new ApnsCredentialProblem(
            reason, reasonText, httpStatus, previous?.Reason == reason ? previous.Since : now, now + _cooldown);
        _problem = problem;
        Volatile.Write(ref _probing, 0);
        ApnsInstruments.RecordCredentialRejection(_app, reason);
        // Requests already in flight when the first refusal came back trip the gate too: log the change, not each.
        if (previous is null || previous.Reason != reason || now >= previous.NextProbeAt)
        {
            Log.CredentialRejected(_logger, reasonText ?? reason.ToString(), httpStatus, (long)_cooldown.TotalSeconds);
        }
    }

    /// <summary>The probe got an answer that is not a credential error: the credential works again.</summary>
    public void ProbeAnswered()
    {
        if (_problem is not null)
        {
            _problem = null;
            Log.CredentialRecovered(_logger);
        }

        Volatile.Write(ref _probing, 0);
    }

    /// <summary>The probe got no answer (transport failure): the next send probes instead.</summary>
    public void ProbeUnanswered() => Volatile.Write(ref _probing, 0);
}
