using System.Net.Http.Headers;
using System.Text.Json;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>What the simulator answered, read off a real HTTP/2 response.</summary>
public sealed record ApnsAnswer(int Status, string? Reason, long? Timestamp, string? ApnsId, string? UniqueId, string? ContentType, string Body)
{
    public static async Task<ApnsAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync().Timeout();
        string? reason = null;
        long? timestamp = null;
        if (body.Length > 0)
        {
            using var json = JsonDocument.Parse(body);
            reason = json.RootElement.GetProperty("reason").GetString();
            if (json.RootElement.TryGetProperty("timestamp", out var ts))
            {
                timestamp = ts.GetInt64();
            }
        }

        return new ApnsAnswer(
            (int)response.StatusCode,
            reason,
            timestamp,
            Single(response.Headers, "apns-id"),
            Single(response.Headers, "apns-unique-id"),
            response.Content.Headers.ContentType?.MediaType,
            body);
    }

    private static string? Single(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.Single() : null;
}
