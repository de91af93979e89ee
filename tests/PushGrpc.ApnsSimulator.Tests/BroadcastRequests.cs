using System.Net.Http.Headers;
using System.Text;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// Builds broadcast and channel-management requests (apns-reference §7) for a fixture. Like
/// <see cref="SimulatorFixture.Push"/>: a null argument leaves that header or body out, and jwt "" means a valid token
/// from the fixture's key.
/// </summary>
public static class BroadcastRequests
{
    public const string UpdatePayload = """{"aps":{"event":"update","timestamp":1700000000,"content-state":{"score":"1-0"}}}""";

    public static string CreateBody(int storagePolicy = 1, string pushType = "LiveActivity") =>
        $$"""{"message-storage-policy":{{storagePolicy}},"push-type":"{{pushType}}"}""";

    public static HttpRequestMessage CreateChannel(
        this SimulatorFixture fixture,
        string? body = null,
        string bundleId = SimulatorFixture.BundleId,
        string? jwt = "",
        params (string Name, string? Value)[] headers) =>
        fixture.Build(HttpMethod.Post, $"/1/apps/{bundleId}/channels", body ?? CreateBody(), jwt, headers);

    public static HttpRequestMessage ReadChannel(this SimulatorFixture fixture, string? channelId, string bundleId = SimulatorFixture.BundleId, string? jwt = "") =>
        fixture.Build(HttpMethod.Get, $"/1/apps/{bundleId}/channels", null, jwt, [("apns-channel-id", channelId)]);

    public static HttpRequestMessage DeleteChannel(this SimulatorFixture fixture, string? channelId, string bundleId = SimulatorFixture.BundleId, string? jwt = "") =>
        fixture.Build(HttpMethod.Delete, $"/1/apps/{bundleId}/channels", null, jwt, [("apns-channel-id", channelId)]);

    public static HttpRequestMessage ListChannels(this SimulatorFixture fixture, string bundleId = SimulatorFixture.BundleId, string? jwt = "") =>
        fixture.Build(HttpMethod.Get, $"/1/apps/{bundleId}/all-channels", null, jwt, []);

    /// <summary>A broadcast with every required header (liveactivity, priority 10, expiration 0) unless overridden.</summary>
    public static HttpRequestMessage Broadcast(
        this SimulatorFixture fixture,
        string? channelId,
        string? payload = UpdatePayload,
        string bundleId = SimulatorFixture.BundleId,
        string? jwt = "",
        string? pushType = "liveactivity",
        string? priority = "10",
        string? expiration = "0",
        params (string Name, string? Value)[] headers) =>
        fixture.Build(
            HttpMethod.Post,
            $"/4/broadcasts/apps/{bundleId}",
            payload,
            jwt,
            [("apns-channel-id", channelId), ("apns-push-type", pushType), ("apns-priority", priority), ("apns-expiration", expiration), .. headers]);

    public static async Task<BroadcastAnswer> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (request)
        {
            using var response = await client.SendAsync(request).Timeout();
            return await BroadcastAnswer.ReadAsync(response);
        }
    }

    /// <summary>Creates a channel over the management API and returns its id.</summary>
    public static async Task<string> CreateChannelAsync(this SimulatorFixture fixture, HttpClient managementClient, int storagePolicy = 1)
    {
        var answer = await SendAsync(managementClient, fixture.CreateChannel(CreateBody(storagePolicy)));
        Assert.Equal(201, answer.Status);
        return answer.ChannelId!;
    }

    private static HttpRequestMessage Build(
        this SimulatorFixture fixture,
        HttpMethod method,
        string path,
        string? body,
        string? jwt,
        IEnumerable<(string Name, string? Value)> headers)
    {
        var request = SimulatorFixture.Request(method, path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        jwt = jwt == string.Empty ? fixture.CreateJwt() : jwt;
        if (jwt is not null)
        {
            request.Headers.TryAddWithoutValidation("authorization", $"bearer {jwt}");
        }

        foreach (var (name, value) in headers)
        {
            if (value is not null)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return request;
    }
}
