using System.Net.Http;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns.Auth;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

/// <summary>Backoff, failure classification, the credential gate and token replacement, on virtual time.</summary>
public sealed class RetryPolicyTests : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _key.Dispose();

    [Theory]
    [InlineData(1, 1.0, 100)]
    [InlineData(2, 1.0, 200)]
    [InlineData(3, 1.0, 400)]
    [InlineData(6, 1.0, 3000)]
    [InlineData(40, 1.0, 3000)]
    [InlineData(3, 0.5, 200)]
    [InlineData(3, 0.0, 0)]
    public void Delay_ExponentialWithFullJitter_CappedAtMax(int retry, double random, int expectedMs)
    {
        var delay = RetryBackoff.Delay(retry, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), random);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void TryGetDelay_AttemptsUsedUp_NoResend()
    {
        var policy = new RetryPolicy(Options(maxAttempts: 3));

        Assert.True(policy.TryGetDelay(2, null, out var delay));
        Assert.InRange(delay, TimeSpan.Zero, TimeSpan.FromMilliseconds(200));
        Assert.False(policy.TryGetDelay(3, null, out _));
    }

    [Fact]
    public void TryGetDelay_RetryAfter_LongerWaitsThatLong_UpToMaxRetryAfter_BeyondItNoResend()
    {
        // Defaults: backoff from 100 ms, MaxRetryAfter 5 s.
        var policy = new RetryPolicy(Options());

        Assert.True(policy.TryGetDelay(1, TimeSpan.FromSeconds(2), out var stretched));
        Assert.Equal(TimeSpan.FromSeconds(2), stretched);
        Assert.True(policy.TryGetDelay(1, TimeSpan.FromSeconds(5), out var longest));
        Assert.Equal(TimeSpan.FromSeconds(5), longest);
        Assert.False(policy.TryGetDelay(1, TimeSpan.FromSeconds(5.001), out _));
        Assert.True(policy.TryGetDelay(1, TimeSpan.Zero, out var backoff));
        Assert.InRange(backoff, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Classify_NothingWritten_NotSentWhateverTheError()
    {
        var refused = new HttpRequestException(HttpRequestError.HttpProtocolError, "aborted", new HttpProtocolException(0x7, "refused", null));

        Assert.Equal(AttemptFate.NotSent, AttemptFailure.Classify(new HttpRequestException(HttpRequestError.ConnectionError, "refused"), 0, false));
        Assert.Equal(AttemptFate.NotSent, AttemptFailure.Classify(new TaskCanceledException(), 0, false));
        Assert.Equal(AttemptFate.NotSent, AttemptFailure.Classify(refused, 0, true));
    }

    [Fact]
    public void Classify_RefusedStreamWithoutRefusedGoAway_NeverProcessed()
    {
        var refused = new HttpRequestException(HttpRequestError.HttpProtocolError, "aborted", new HttpProtocolException(0x7, "reset", null));

        Assert.Equal(AttemptFate.NeverProcessed, AttemptFailure.Classify(refused, 4, refusedStreamGoAwaySeen: false));

        // A GOAWAY with code 7 fails processed streams with the same code: cannot tell, so unknown.
        Assert.Equal(AttemptFate.Unknown, AttemptFailure.Classify(refused, 4, refusedStreamGoAwaySeen: true));
    }

    [Fact]
    public void Classify_WrittenAndConnectionDied_Unknown()
    {
        var internalError = new HttpRequestException(HttpRequestError.HttpProtocolError, "reset", new HttpProtocolException(0x2, "reset", null));
        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "eof", new IOException("eof"));

        Assert.Equal(AttemptFate.Unknown, AttemptFailure.Classify(internalError, 1, false));
        Assert.Equal(AttemptFate.Unknown, AttemptFailure.Classify(ended, 1, false));
        Assert.Equal(AttemptFate.Unknown, AttemptFailure.Classify(new TaskCanceledException(), 1, false));
    }

    [Fact]
    public async Task Classify_RequestWithBody_JudgedByItsWrites()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.push.apple.com/3/device/00")
        {
            Content = new ApnsPayloadContent("{}"u8.ToArray()),
        };
        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "eof", new IOException("eof"));

        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(request, ended, false));
        await request.Content.CopyToAsync(Stream.Null);
        await request.Content.CopyToAsync(Stream.Null);
        Assert.Equal((AttemptFate.Unknown, 2), AttemptFailure.Classify(request, ended, false));
    }

    [Fact]
    public void Classify_RequestWithoutBody_ConnectFailureSentNothing_AnythingElseOneRequestOfUnknownFate()
    {
        using var bodiless = new HttpRequestMessage(HttpMethod.Get, "https://api-manage-broadcast.push.apple.com:2196/1/apps/a/all-channels");
        var ended = new HttpRequestException(HttpRequestError.ResponseEnded, "eof", new IOException("eof"));

        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(bodiless, new HttpRequestException(HttpRequestError.ConnectionError, "refused"), false));
        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(bodiless, new HttpRequestException(HttpRequestError.SecureConnectionError, "tls"), false));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(bodiless, ended, false));
        Assert.Equal((AttemptFate.Unknown, 1), AttemptFailure.Classify(bodiless, new TaskCanceledException(), false));

        // Never built: nothing went out, whatever the error.
        Assert.Equal((AttemptFate.NotSent, 0), AttemptFailure.Classify(null, ended, false));
    }

    [Fact]
    public async Task SentWithAnswer_EveryBodyWrite_AndAtLeastOneWithoutBody()
    {
        using var bodiless = new HttpRequestMessage(HttpMethod.Delete, "https://api-manage-broadcast.push.apple.com:2196/1/apps/a/channels");
        using var request = new HttpRequestMessage(HttpMethod.Post, "https://api.push.apple.com/3/device/00")
        {
            Content = new ApnsPayloadContent("{}"u8.ToArray()),
        };

        Assert.Equal(1, AttemptSender.SentWithAnswer(bodiless));
        Assert.Equal(1, AttemptSender.SentWithAnswer(request));
        await request.Content.CopyToAsync(Stream.Null);
        await request.Content.CopyToAsync(Stream.Null);
        Assert.Equal(2, AttemptSender.SentWithAnswer(request));
    }

    [Fact]
    public void Gate_AfterTrip_BlocksUntilCooldownThenLetsExactlyOneProbeThrough()
    {
        var gate = new CredentialGate(_time, TimeSpan.FromSeconds(60), NullLogger.Instance);
        Assert.Null(gate.Enter(out var probe));
        Assert.False(probe);

        gate.Trip(ApnsReason.InvalidProviderToken, "InvalidProviderToken", 403);
        _time.Advance(TimeSpan.FromSeconds(59));
        Assert.NotNull(gate.Enter(out probe));
        Assert.False(probe);

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(gate.Enter(out probe));
        Assert.True(probe);
        Assert.NotNull(gate.Enter(out var second));
        Assert.False(second);

        // No answer to the probe: the next send probes.
        gate.ProbeUnanswered();
        Assert.Null(gate.Enter(out probe));
        Assert.True(probe);
        gate.ProbeAnswered();
        Assert.Null(gate.Problem);
        Assert.Null(gate.Enter(out probe));
        Assert.False(probe);
    }

    [Fact]
    public void Gate_SameReasonAgain_KeepsSinceAndMovesNextProbe()
    {
        var gate = new CredentialGate(_time, TimeSpan.FromSeconds(60), NullLogger.Instance);
        var start = _time.GetUtcNow();

        gate.Trip(ApnsReason.BadCertificate, "BadCertificate", 403);
        _time.Advance(TimeSpan.FromSeconds(61));
        gate.Enter(out _);
        gate.Trip(ApnsReason.BadCertificate, "BadCertificate", 403);

        Assert.Equal(start, gate.Problem!.Since);
        Assert.Equal(_time.GetUtcNow().AddSeconds(60), gate.Problem.NextProbeAt);
    }

    [Fact]
    public void TryReplaceExpired_TokenYoungerThanTwentyMinutes_KeepsIt()
    {
        var provider = Provider();
        var token = provider.GetAuthorizationValue();
        _time.Advance(TimeSpan.FromMinutes(19));

        Assert.False(provider.TryReplaceExpired(token));
        Assert.Same(token, provider.GetAuthorizationValue());
    }

    [Fact]
    public void TryReplaceExpired_TokenOlderThanTwentyMinutes_MintsOnceForManyRejections()
    {
        var provider = Provider();
        var token = provider.GetAuthorizationValue();
        _time.Advance(TimeSpan.FromMinutes(20));

        Assert.True(provider.TryReplaceExpired(token));
        var fresh = provider.GetAuthorizationValue();

        // Other requests rejected with the old token find the new one in place: no second mint.
        Assert.True(provider.TryReplaceExpired(token));
        Assert.NotEqual(token, fresh);
        Assert.Same(fresh, provider.GetAuthorizationValue());
    }

    [Fact]
    public void Validate_RetryAndConnectionSettings_ReportsEveryBadValue()
    {
        var errors = new ApnsClientOptions
        {
            Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _key),
            MaxAttempts = 0,
            RetryBaseDelay = TimeSpan.FromSeconds(2),
            RetryMaxDelay = TimeSpan.FromSeconds(1),
            MaxRetryAfter = TimeSpan.Zero,
            ReconnectBaseDelay = TimeSpan.FromSeconds(-1),
            CredentialErrorCooldown = TimeSpan.FromDays(2),
            KeepAlivePingDelay = TimeSpan.FromMilliseconds(500),
            KeepAlivePingTimeout = TimeSpan.FromMilliseconds(999),
        }.Validate();

        Assert.Equal(7, errors.Count);
        foreach (var name in new[] { "MaxAttempts", "RetryMaxDelay must not", "MaxRetryAfter", "ReconnectBaseDelay", "CredentialErrorCooldown", "KeepAlivePingDelay", "KeepAlivePingTimeout" })
        {
            Assert.Contains(errors, e => e.StartsWith(name, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Defaults_AreTheDocumentedOnes()
    {
        var options = new ApnsClientOptions { Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _key) };

        Assert.Empty(options.Validate());
        Assert.Equal(3, options.MaxAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(100), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.RetryMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ReconnectMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.CredentialErrorCooldown);
        Assert.Equal(TimeSpan.FromSeconds(60), options.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeepAlivePingTimeout);
    }

    private ApnsClientOptions Options(int maxAttempts = 3) =>
        new() { Credential = new ApnsTokenCredential("TEAM123456", "KEY1234567", _key), MaxAttempts = maxAttempts };

    private ApnsJwtProvider Provider() =>
        new(new ApnsTokenCredential("TEAM123456", "KEY1234567", _key), _time, TimeSpan.FromMinutes(50), NullLogger.Instance);
}
