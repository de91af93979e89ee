using System.Net.Http.Headers;
using System.Text.Json;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>What the simulator answered to a broadcast or channel-management request, read off a real HTTP/2 response.</summary>
public sealed record BroadcastAnswer(
    int Status,
    string? Reason,
    string? RequestId,
    string? ChannelId,
    string? UniqueId,
    string? ApnsId,
    string? ContentType,
    string Body)
{
    public static async Task<BroadcastAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync().Timeout();
        var status = (int)response.StatusCode;
        string? reason = null;
        if (status >= 400 && body.Length > 0)
        {
            using var json = JsonDocument.Parse(body);
            reason = json.RootElement.GetProperty("reason").GetString();
        }

        return new BroadcastAnswer(
            status,
            reason,
            Single(response.Headers, "apns-request-id"),
            Single(response.Headers, "apns-channel-id"),
            Single(response.Headers, "apns-unique-id"),
            Single(response.Headers, "apns-id"),
            response.Content.Headers.ContentType?.MediaType,
            body);
    }

    /// <summary>The channel ids of a list-all answer.</summary>
    public IReadOnlyList<string> Channels()
    {
        using var json = JsonDocument.Parse(Body);
        return [.. json.RootElement.GetProperty("channels").EnumerateArray().Select(id => id.GetString()!)];
    }

    private static string? Single(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.Single() : null;
}
