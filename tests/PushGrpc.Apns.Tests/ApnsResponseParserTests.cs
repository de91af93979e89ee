using System.Net;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

public sealed class ApnsResponseParserTests
{
    /// <summary>Every status/reason pair of apns-reference §1.7–1.8 with the outcome the gateway must report.</summary>
    public static TheoryData<int, string, ApnsReason, ApnsOutcome> AllDocumentedReasons => new()
    {
        { 400, "BadCollapseId", ApnsReason.BadCollapseId, ApnsOutcome.Rejected },
        { 400, "BadDeviceToken", ApnsReason.BadDeviceToken, ApnsOutcome.Rejected },
        { 400, "BadExpirationDate", ApnsReason.BadExpirationDate, ApnsOutcome.Rejected },
        { 400, "BadMessageId", ApnsReason.BadMessageId, ApnsOutcome.Rejected },
        { 400, "BadPriority", ApnsReason.BadPriority, ApnsOutcome.Rejected },
        { 400, "BadTopic", ApnsReason.BadTopic, ApnsOutcome.Rejected },
        { 400, "DeviceTokenNotForTopic", ApnsReason.DeviceTokenNotForTopic, ApnsOutcome.Rejected },
        { 400, "DuplicateHeaders", ApnsReason.DuplicateHeaders, ApnsOutcome.Rejected },
        { 400, "IdleTimeout", ApnsReason.IdleTimeout, ApnsOutcome.Rejected },
        { 400, "InvalidPushType", ApnsReason.InvalidPushType, ApnsOutcome.Rejected },
        { 400, "MissingDeviceToken", ApnsReason.MissingDeviceToken, ApnsOutcome.Rejected },
        { 400, "MissingTopic", ApnsReason.MissingTopic, ApnsOutcome.Rejected },
        { 400, "PayloadEmpty", ApnsReason.PayloadEmpty, ApnsOutcome.Rejected },
        { 400, "TopicDisallowed", ApnsReason.TopicDisallowed, ApnsOutcome.Rejected },
        { 403, "BadCertificate", ApnsReason.BadCertificate, ApnsOutcome.Failed },
        { 403, "BadCertificateEnvironment", ApnsReason.BadCertificateEnvironment, ApnsOutcome.Failed },
        { 403, "ExpiredProviderToken", ApnsReason.ExpiredProviderToken, ApnsOutcome.Failed },
        { 403, "Forbidden", ApnsReason.Forbidden, ApnsOutcome.Rejected },
        { 403, "InvalidProviderToken", ApnsReason.InvalidProviderToken, ApnsOutcome.Failed },
        { 403, "MissingProviderToken", ApnsReason.MissingProviderToken, ApnsOutcome.Failed },
        { 403, "UnrelatedKeyIdInToken", ApnsReason.UnrelatedKeyIdInToken, ApnsOutcome.Failed },
        { 403, "BadEnvironmentKeyIdInToken", ApnsReason.BadEnvironmentKeyIdInToken, ApnsOutcome.Failed },
        { 404, "BadPath", ApnsReason.BadPath, ApnsOutcome.Rejected },
        { 405, "MethodNotAllowed", ApnsReason.MethodNotAllowed, ApnsOutcome.Rejected },
        { 410, "ExpiredToken", ApnsReason.ExpiredToken, ApnsOutcome.Rejected },
        { 410, "Unregistered", ApnsReason.Unregistered, ApnsOutcome.Rejected },
        { 413, "PayloadTooLarge", ApnsReason.PayloadTooLarge, ApnsOutcome.Rejected },
        { 429, "TooManyProviderTokenUpdates", ApnsReason.TooManyProviderTokenUpdates, ApnsOutcome.Failed },
        { 429, "TooManyRequests", ApnsReason.TooManyRequests, ApnsOutcome.Failed },
        { 500, "InternalServerError", ApnsReason.InternalServerError, ApnsOutcome.Failed },
        { 503, "ServiceUnavailable", ApnsReason.ServiceUnavailable, ApnsOutcome.Failed },
        { 503, "Shutdown", ApnsReason.Shutdown, ApnsOutcome.Failed },
    };

    [Theory]
    [MemberData(nameof(AllDocumentedReasons))]
    public void Parse_DocumentedStatusAndReason_ClassifiesOutcome(int status, string reasonText, ApnsReason reason, ApnsOutcome outcome)
    {
        var body = Encoding.UTF8.GetBytes($$"""{"reason":"{{reasonText}}"}""");

        var response = ApnsResponseParser.Parse(status, "id", null, body, TimeSpan.FromMilliseconds(3));

        Assert.Equal(outcome, response.Outcome);
        Assert.Equal(status, response.HttpStatus);
        Assert.Equal(reason, response.Reason);
        Assert.Equal(reasonText, response.ReasonText);
        Assert.Null(response.TokenInvalidSince);
        Assert.Null(response.Error);
    }

    [Fact]
    public void Parse_Success_IsAcceptedWithIds()
    {
        var response = ApnsResponseParser.Parse(200, "6e1ef08c-0000-4000-8000-000000000001", "unique-1", [], TimeSpan.FromMilliseconds(2));

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal(ApnsReason.None, response.Reason);
        Assert.Null(response.ReasonText);
        Assert.Equal("6e1ef08c-0000-4000-8000-000000000001", response.ApnsId);
        Assert.Equal("unique-1", response.ApnsUniqueId);
        Assert.Equal(TimeSpan.FromMilliseconds(2), response.Duration);
    }

    [Fact]
    public void Parse_GoneWithTimestamp_ReadsMilliseconds()
    {
        var body = """{"reason":"Unregistered","timestamp":1700000000123}"""u8;

        var response = ApnsResponseParser.Parse(410, "id", null, body, TimeSpan.Zero);

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000123), response.TokenInvalidSince);
        Assert.Equal(2023, response.TokenInvalidSince!.Value.Year);
    }

    [Fact]
    public void Parse_TimestampBeforeReason_ReadsBoth()
    {
        var response = ApnsResponseParser.Parse(410, "id", null, """{ "timestamp" : 1700000000000 , "reason" : "ExpiredToken" }"""u8, TimeSpan.Zero);

        Assert.Equal(ApnsReason.ExpiredToken, response.Reason);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000000), response.TokenInvalidSince);
    }

    [Fact]
    public void Parse_UnknownReason_KeepsRawText()
    {
        var response = ApnsResponseParser.Parse(400, "id", null, """{"reason":"BrandNewReason","extra":{"a":[1,2]}}"""u8, TimeSpan.Zero);

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal(ApnsReason.Unknown, response.Reason);
        Assert.Equal("BrandNewReason", response.ReasonText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("""{"reason":""")]
    [InlineData("[1,2,3]")]
    [InlineData("""{"reason":42}""")]
    public void Parse_MalformedBody_KeepsStatusWithoutReason(string body)
    {
        var response = ApnsResponseParser.Parse(500, "id", null, Encoding.UTF8.GetBytes(body), TimeSpan.Zero);

        Assert.Equal(ApnsOutcome.Failed, response.Outcome);
        Assert.Equal(500, response.HttpStatus);
        Assert.Equal(ApnsReason.None, response.Reason);
        Assert.Null(response.ReasonText);
    }

    [Fact]
    public async Task ReadAsync_ErrorResponse_ReadsHeadersBodyAndDuration()
    {
        var time = new FakeTimeProvider();
        var start = time.GetTimestamp();
        time.Advance(TimeSpan.FromMilliseconds(42));
        using var message = new HttpResponseMessage(HttpStatusCode.Gone)
        {
            Content = new StringContent("""{"reason":"Unregistered","timestamp":1700000000000}"""),
        };
        message.Headers.TryAddWithoutValidation("apns-id", "echoed-id");
        message.Headers.TryAddWithoutValidation("apns-unique-id", "unique-id");

        var response = await ApnsResponseParser.ReadAsync(message, "sent-id", null, time, start, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ApnsOutcome.Rejected, response.Outcome);
        Assert.Equal("echoed-id", response.ApnsId);
        Assert.Equal("unique-id", response.ApnsUniqueId);
        Assert.Equal(ApnsReason.Unregistered, response.Reason);
        Assert.Equal(TimeSpan.FromMilliseconds(42), response.Duration);
    }

    [Fact]
    public async Task ReadAsync_NoApnsIdHeader_FallsBackToSentId()
    {
        using var message = new HttpResponseMessage(HttpStatusCode.OK);

        var response = await ApnsResponseParser.ReadAsync(message, "sent-id", null, TimeProvider.System, TimeProvider.System.GetTimestamp(), CancellationToken.None)
            .AsTask().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ApnsOutcome.Accepted, response.Outcome);
        Assert.Equal("sent-id", response.ApnsId);
    }

    [Fact]
    public async Task ReadAsync_Broadcast_RequestIdFromTheAnswerElseAsSent_PushHasNone()
    {
        using var echoed = new HttpResponseMessage(HttpStatusCode.OK);
        echoed.Headers.TryAddWithoutValidation("apns-request-id", "echoed-request-id");
        using var bare = new HttpResponseMessage(HttpStatusCode.ServiceUnavailable);

        var answered = await ApnsResponseParser.ReadAsync(echoed, "sent-id", "sent-id", TimeProvider.System, 0, CancellationToken.None);
        var unechoed = await ApnsResponseParser.ReadAsync(bare, "sent-id", "sent-id", TimeProvider.System, 0, CancellationToken.None);
        var push = await ApnsResponseParser.ReadAsync(echoed, "sent-id", null, TimeProvider.System, 0, CancellationToken.None);

        Assert.Equal("echoed-request-id", answered.ApnsRequestId);
        Assert.Equal("sent-id", unechoed.ApnsRequestId);
        Assert.Equal(503, unechoed.HttpStatus);
        Assert.Null(push.ApnsRequestId);
    }
}
