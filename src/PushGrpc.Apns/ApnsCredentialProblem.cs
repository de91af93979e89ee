namespace PushGrpc.Apns;

/// <summary>
/// APNs rejected this client's credential. Until <see cref="NextProbeAt"/> every send fails at once with
/// <see cref="Reason"/> and makes no request; then one send is let through as a probe, and an answer that is not a
/// credential error clears the problem.
/// </summary>
/// <param name="Reason">The credential reason (InvalidProviderToken, BadCertificate, TooManyProviderTokenUpdates, …).</param>
/// <param name="ReasonText">The reason string as APNs sent it.</param>
/// <param name="HttpStatus">The status of the answer that carried it (403, 429), or 0 for a GOAWAY.</param>
/// <param name="Since">When APNs first gave this reason (the latest probe keeps it).</param>
/// <param name="NextProbeAt">When the next send is let through to check whether the credential works again.</param>
public sealed record ApnsCredentialProblem(
    ApnsReason Reason,
    string? ReasonText,
    int HttpStatus,
    DateTimeOffset Since,
    DateTimeOffset NextProbeAt);
