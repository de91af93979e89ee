using System.Net;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using PushGrpc.Apns.Auth;
using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

public sealed class ApnsRequestFactoryTests : IDisposable
{
    private const string Token = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";
    private static readonly Uri Sandbox = new("https://api.sandbox.push.apple.com");
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose() => _key.Dispose();

    [Fact]
    public async Task Create_AllHeadersSet_BuildsHttp2PostWithEveryApnsHeader()
    {
        var payload = """{"aps":{"alert":"hi"}}"""u8.ToArray();
        var id = Guid.Parse("123e4567-e89b-12d3-a456-4266554400a0");
        var notification = new ApnsNotification("com.example.app.voip", ApnsPushType.Voip, payload)
        {
            Priority = ApnsPriority.ConservePower,
            Expiration = 1_800_000_000,
            CollapseId = "group-1",
            ApnsId = id,
        };
        var factory = new ApnsRequestFactory(Sandbox, jwt: null);

        using var request = factory.Create(notification, Token, ApnsRequestFactory.ApnsIdFor(notification));

        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal($"https://api.sandbox.push.apple.com/3/device/{Token}", request.RequestUri!.AbsoluteUri);
        Assert.Equal(HttpVersion.Version20, request.Version);
        Assert.Equal(HttpVersionPolicy.RequestVersionExact, request.VersionPolicy);
        Assert.Equal("voip", Header(request, "apns-push-type"));
        Assert.Equal("com.example.app.voip", Header(request, "apns-topic"));
        Assert.Equal("5", Header(request, "apns-priority"));
        Assert.Equal("1800000000", Header(request, "apns-expiration"));
        Assert.Equal("group-1", Header(request, "apns-collapse-id"));
        Assert.Equal("123e4567-e89b-12d3-a456-4266554400a0", Header(request, "apns-id"));
        Assert.False(request.Headers.Contains("authorization"));
        Assert.Equal(payload, await request.Content!.ReadAsByteArrayAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(payload.Length, request.Content.Headers.ContentLength);
        Assert.Empty(request.Content.Headers.ContentEncoding);
    }

    [Fact]
    public void Create_OptionalHeadersUnset_LeavesThemOut()
    {
        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, "{}"u8.ToArray());
        var factory = new ApnsRequestFactory(new Uri("https://localhost:8443"), jwt: null);

        using var request = factory.Create(notification, Token, "id");

        Assert.Equal($"https://localhost:8443/3/device/{Token}", request.RequestUri!.AbsoluteUri);
        Assert.False(request.Headers.Contains("apns-priority"));
        Assert.False(request.Headers.Contains("apns-expiration"));
        Assert.False(request.Headers.Contains("apns-collapse-id"));
        Assert.Equal("alert", Header(request, "apns-push-type"));
    }

    [Theory]
    [InlineData(ApnsPriority.Minimal, "1")]
    [InlineData(ApnsPriority.ConservePower, "5")]
    [InlineData(ApnsPriority.Immediate, "10")]
    public void Create_Priority_SendsWireValue(ApnsPriority priority, string expected)
    {
        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, "{}"u8.ToArray()) { Priority = priority };

        using var request = new ApnsRequestFactory(Sandbox, null).Create(notification, Token, "id");

        Assert.Equal(expected, Header(request, "apns-priority"));
    }

    [Fact]
    public void Create_TokenMode_SendsSameBearerTokenOnEveryRequest()
    {
        var jwt = new ApnsJwtProvider(
            new ApnsTokenCredential("TEAM123456", "KEY1234567", _key), TimeProvider.System, TimeSpan.FromMinutes(50), NullLogger.Instance);
        var factory = new ApnsRequestFactory(Sandbox, jwt);
        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, "{}"u8.ToArray());

        using var first = factory.Create(notification, Token, "1");
        using var second = factory.Create(notification, Token, "2");

        Assert.StartsWith("bearer ey", Header(first, "authorization"), StringComparison.Ordinal);
        Assert.Equal(Header(first, "authorization"), Header(second, "authorization"));
    }

    [Fact]
    public void ApnsIdFor_NoIdOnNotification_GeneratesFreshLowercaseUuidEachTime()
    {
        var notification = new ApnsNotification("com.example.app", ApnsPushType.Alert, "{}"u8.ToArray());

        var first = ApnsRequestFactory.ApnsIdFor(notification);
        var second = ApnsRequestFactory.ApnsIdFor(notification);

        Assert.NotEqual(first, second);
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", first);
    }

    [Theory]
    [InlineData(Token, true)]
    [InlineData("ABCDEF0123", true)]
    [InlineData("", false)]
    [InlineData("abc/../x", false)]
    [InlineData("abc?x=1", false)]
    [InlineData("abc def", false)]
    public void IsValidDeviceToken_Input_AcceptsOnlyHex(string token, bool valid)
    {
        Assert.Equal(valid, ApnsRequestFactory.IsValidDeviceToken(token));
    }

    private static string Header(HttpRequestMessage request, string name) =>
        string.Join(",", request.Headers.GetValues(name));
}
