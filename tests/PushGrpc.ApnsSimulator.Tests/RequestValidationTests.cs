using System.Net;
using System.Text;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The request line, header and body rules, in APNs's order (apns-reference §10), over real HTTP/2.</summary>
public sealed class RequestValidationTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    /// <summary>The ids the simulator makes up look like Guid.NewGuid's text: lowercase 8-4-4-4-12, version 4, RFC 9562 variant.</summary>
    private const string LowercaseVersion4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    [Fact]
    public async Task Get_Root_MethodNotAllowedAsJson()
    {
        var answer = await Fixture.SendAsync(SimulatorFixture.Request(HttpMethod.Get, "/"));

        Assert.Equal(405, answer.Status);
        Assert.Equal("MethodNotAllowed", answer.Reason);
        Assert.Equal("application/json", answer.ContentType);
        Assert.True(Guid.TryParseExact(answer.ApnsId, "D", out _));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    public async Task NonPostMethod_ValidDevicePath_MethodNotAllowed(string method)
    {
        var request = Fixture.Push();
        request.Method = new HttpMethod(method);
        if (method == "GET")
        {
            request.Content = null;
        }

        var answer = await Fixture.SendAsync(request);

        Assert.Equal((405, "MethodNotAllowed"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("/3/device/", 400, "MissingDeviceToken")]
    [InlineData("/", 404, "BadPath")]
    [InlineData("/3/device", 404, "BadPath")]
    [InlineData("/3/devices/aaaa", 404, "BadPath")]
    [InlineData("/2/device/0000000000000000000000000000000000000000000000000000000000000000", 404, "BadPath")]
    [InlineData("/3/device/0000000000000000000000000000000000000000000000000000000000000000/x", 404, "BadPath")]
    public async Task Path_NotADevicePath_Rejected(string path, int status, string reason)
    {
        var request = Fixture.Push();
        request.RequestUri = new Uri(path, UriKind.Relative);

        var answer = await Fixture.SendAsync(request);

        Assert.Equal((status, reason), (answer.Status, answer.Reason));
    }

    public static TheoryData<string> MalformedTokens => new()
    {
        new string('a', 62),
        new string('a', 65),
        new string('a', 66) + "g" + new string('a', 1),
        new string('a', 202),
        new string('z', 64),
    };

    [Theory]
    [MemberData(nameof(MalformedTokens))]
    public async Task DeviceToken_Malformed_BadDeviceToken(string token)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(token));

        Assert.Equal((400, "BadDeviceToken"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(64)]
    [InlineData(100)]
    [InlineData(200)]
    public async Task DeviceToken_EvenHexWithinRange_Accepted(int length)
    {
        var token = Convert.ToHexString(new byte[length / 2].Select((_, i) => (byte)(i + 1)).ToArray());

        var answer = await Fixture.SendAsync(Fixture.Push(token));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("apns-id", "not-a-uuid", "BadMessageId")]
    [InlineData("apns-id", "123e4567e89b12d3a4564266554400a0", "BadMessageId")]
    [InlineData("apns-id", "{123e4567-e89b-12d3-a456-4266554400a0}", "BadMessageId")]
    [InlineData("apns-priority", "7", "BadPriority")]
    [InlineData("apns-priority", "high", "BadPriority")]
    [InlineData("apns-expiration", "soon", "BadExpirationDate")]
    [InlineData("apns-expiration", "1.5", "BadExpirationDate")]
    [InlineData("apns-expiration", "-1", "BadExpirationDate")]
    [InlineData("apns-collapse-id", "0123456789012345678901234567890123456789012345678901234567890123X", "BadCollapseId")]
    [InlineData("apns-push-type", "banner", "InvalidPushType")]
    public async Task Header_Invalid_Rejected(string name, string value, string reason)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(headers: (name, value)));

        Assert.Equal((400, reason), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("apns-priority", "1")]
    [InlineData("apns-priority", "5")]
    [InlineData("apns-priority", "10")]
    [InlineData("apns-expiration", "0")]
    [InlineData("apns-expiration", "1900000000")]
    [InlineData("apns-collapse-id", "0123456789012345678901234567890123456789012345678901234567890123")]
    [InlineData("apns-push-type", "ALERT")]
    [InlineData("x-unknown-header", "ignored")]
    public async Task Header_Valid_Accepted(string name, string value)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(headers: (name, value)));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("apns-priority", "10")]
    [InlineData("apns-topic", SimulatorFixture.BundleId)]
    [InlineData("apns-id", "123e4567-e89b-12d3-a456-4266554400a0")]
    public async Task Header_SentTwice_DuplicateHeaders(string name, string value)
    {
        var request = Fixture.Push(topic: name == "apns-topic" ? null : SimulatorFixture.BundleId, headers: (name, value));

        // HttpClient folds repeated request-header values into one field; a content header of the same name is
        // written as a second field, which is what a duplicating client puts on the wire.
        request.Content!.Headers.TryAddWithoutValidation(name, value);
        var answer = await Fixture.SendAsync(request);

        Assert.Equal((400, "DuplicateHeaders"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task ApnsId_Sent_EchoedOnSuccessAndError()
    {
        const string Id = "123e4567-e89b-12d3-a456-4266554400a0";

        var accepted = await Fixture.SendAsync(Fixture.Push(headers: ("apns-id", Id)));
        var rejected = await Fixture.SendAsync(Fixture.Push(payload: "", headers: ("apns-id", Id)));

        Assert.Equal((200, Id), (accepted.Status, accepted.ApnsId));
        Assert.Equal((400, Id), (rejected.Status, rejected.ApnsId));
    }

    [Fact]
    public async Task ApnsId_Absent_FreshLowercaseUuid()
    {
        var first = await Fixture.SendAsync(Fixture.Push());
        var second = await Fixture.SendAsync(Fixture.Push());

        Assert.Matches(LowercaseVersion4, first.ApnsId);
        Assert.NotEqual(first.ApnsId, second.ApnsId);
    }

    [Fact]
    public async Task SameToken_ManyPushesByDefault_AllAccepted()
    {
        var token = SimulatorFixture.RandomToken();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Fixture.SendAsync(Fixture.Push(token))));

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
    }

    [Fact]
    public async Task Accepted_Sandbox_EmptyBodyWithUniqueId()
    {
        var answer = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.Equal(string.Empty, answer.Body);
        Assert.Matches(LowercaseVersion4, answer.UniqueId);
    }

    [Fact]
    public async Task Topic_MissingWithTokenAuth_MissingTopic()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(topic: null));

        Assert.Equal((400, "MissingTopic"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("com.other.app", null)]
    [InlineData("com.other.app.voip", "voip")]
    [InlineData(SimulatorFixture.BundleId, "voip")]
    [InlineData(SimulatorFixture.BundleId + ".voip", "alert")]
    [InlineData(SimulatorFixture.BundleId + ".voip", null)]
    [InlineData(SimulatorFixture.BundleId, "liveactivity")]
    [InlineData(SimulatorFixture.BundleId + ".complication", "location")]
    public async Task Topic_NotAllowedForKeyOrPushType_TopicDisallowed(string topic, string? pushType)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(topic: topic, pushType: pushType));

        Assert.Equal((400, "TopicDisallowed"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData(SimulatorFixture.BundleId, "alert")]
    [InlineData(SimulatorFixture.BundleId + ".voip", "voip")]
    [InlineData(SimulatorFixture.BundleId + ".push-type.liveactivity", "liveactivity")]
    [InlineData(SimulatorFixture.BundleId + ".location-query", "location")]
    [InlineData(SimulatorFixture.BundleId + ".voip-ptt", "pushtotalk")]
    public async Task Topic_MatchesKeyAndPushType_Accepted(string topic, string pushType)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(topic: topic, pushType: pushType));

        Assert.Equal(200, answer.Status);
    }

    [Theory]
    [InlineData("10", 400)]
    [InlineData("5", 200)]
    public async Task BackgroundPush_Priority_OnlyTenRejected(string priority, int status)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(
            payload: """{"aps":{"content-available":1}}""", pushType: "background", headers: ("apns-priority", priority)));

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 200 ? null : "BadPriority", answer.Reason);
    }

    [Fact]
    public async Task RegisteredToken_OtherTopic_DeviceTokenNotForTopic()
    {
        var token = SimulatorFixture.RandomToken();
        Fixture.Simulator.RegisterDeviceToken(token, SimulatorFixture.BundleId);

        var own = await Fixture.SendAsync(Fixture.Push(token));
        var other = await Fixture.SendAsync(Fixture.Push(token.ToUpperInvariant(), topic: SimulatorFixture.BundleId + ".voip", pushType: "voip"));

        Assert.Equal(200, own.Status);
        Assert.Equal((400, "DeviceTokenNotForTopic"), (other.Status, other.Reason));
    }

    [Fact]
    public async Task Body_Absent_PayloadEmpty()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(payload: null));

        Assert.Equal((400, "PayloadEmpty"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Body_Empty_PayloadEmpty()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(payload: ""));

        Assert.Equal((400, "PayloadEmpty"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("alert", SimulatorFixture.BundleId, 4096, 200)]
    [InlineData("alert", SimulatorFixture.BundleId, 4097, 413)]
    [InlineData("voip", SimulatorFixture.BundleId + ".voip", 5120, 200)]
    [InlineData("voip", SimulatorFixture.BundleId + ".voip", 5121, 413)]
    [InlineData("alert", SimulatorFixture.BundleId, 2_000_000, 413)]
    public async Task Body_Size_LimitPerPushType(string pushType, string topic, int size, int status)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(payload: PayloadOfSize(size), topic: topic, pushType: pushType));

        Assert.Equal(status, answer.Status);
        Assert.Equal(status == 413 ? "PayloadTooLarge" : null, answer.Reason);
    }

    [Fact]
    public async Task Body_TooLargeWithoutContentLength_PayloadTooLarge()
    {
        var request = Fixture.Push(payload: null);
        request.Content = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes(PayloadOfSize(100_000))));

        var answer = await Fixture.SendAsync(request);

        Assert.Equal((413, "PayloadTooLarge"), (answer.Status, answer.Reason));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("\"aps\"")]
    [InlineData("{\"alert\":\"hi\"}")]
    [InlineData("{\"aps\":\"hi\"}")]
    [InlineData("{\"aps\":{}")]
    [InlineData("{\"aps\":{}} trailing")]
    public async Task Body_NotAnObjectWithAps_MalformedPayload(string payload)
    {
        var answer = await Fixture.SendAsync(Fixture.Push(payload: payload));

        Assert.Equal((400, "MalformedPayload"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Order_MethodBeforePath_MethodNotAllowed()
    {
        var answer = await Fixture.SendAsync(SimulatorFixture.Request(HttpMethod.Get, "/nowhere"));

        Assert.Equal(405, answer.Status);
    }

    [Fact]
    public async Task Order_HeadersBeforeAuthentication_HeaderReasonWins()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(jwt: null, headers: ("apns-priority", "3")));

        Assert.Equal("BadPriority", answer.Reason);
    }

    [Fact]
    public async Task Order_AuthenticationBeforeTopicAndBody_ProviderReasonWins()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(jwt: null, topic: null, payload: null));

        Assert.Equal((403, "MissingProviderToken"), (answer.Status, answer.Reason));
    }

    [Fact]
    public async Task Order_TopicBeforeBody_TopicReasonWins()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(topic: "com.other.app", payload: PayloadOfSize(10_000)));

        Assert.Equal("TopicDisallowed", answer.Reason);
    }

    [Theory]
    [InlineData(false, "Unregistered")]
    [InlineData(true, "ExpiredToken")]
    public async Task UnregisteredToken_Push_GoneWithMillisecondTimestamp(bool expired, string reason)
    {
        var token = SimulatorFixture.RandomToken();
        var since = new DateTimeOffset(2025, 3, 1, 12, 30, 15, 123, TimeSpan.Zero);
        Fixture.Simulator.UnregisterDeviceToken(token, since, expired);

        var answer = await Fixture.SendAsync(Fixture.Push(token));

        Assert.Equal((410, reason), (answer.Status, answer.Reason));
        Assert.Equal(since.ToUnixTimeMilliseconds(), answer.Timestamp);
        Assert.Equal("application/json", answer.ContentType);
    }

    [Fact]
    public async Task UnregisteredToken_RegisteredAgain_Accepted()
    {
        var token = SimulatorFixture.RandomToken();
        Fixture.Simulator.UnregisterDeviceToken(token, Fixture.Time.GetUtcNow());
        Fixture.Simulator.RegisterDeviceToken(token, SimulatorFixture.BundleId);

        var answer = await Fixture.SendAsync(Fixture.Push(token));

        Assert.Equal(200, answer.Status);
    }

    [Fact]
    public async Task UnregisteredToken_WrongTopic_TopicReasonFirst()
    {
        var token = SimulatorFixture.RandomToken();
        Fixture.Simulator.RegisterDeviceToken(token, SimulatorFixture.BundleId);
        Fixture.Simulator.UnregisterDeviceToken(token, Fixture.Time.GetUtcNow());

        var answer = await Fixture.SendAsync(Fixture.Push(token, topic: SimulatorFixture.BundleId + ".voip", pushType: "voip"));

        Assert.Equal("DeviceTokenNotForTopic", answer.Reason);
    }

    /// <summary>{"aps":{"alert":"xxx…"}} of exactly <paramref name="size"/> bytes.</summary>
    internal static string PayloadOfSize(int size)
    {
        const string Head = "{\"aps\":{\"alert\":\"";
        const string Tail = "\"}}";
        return Head + new string('x', size - Head.Length - Tail.Length) + Tail;
    }

    /// <summary>A body stream of unknown length, so the request goes out without content-length.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
