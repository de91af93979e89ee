using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace PushGrpc.Apns.Tests.Infrastructure;

/// <summary>Answers as APNs does, for <see cref="TestApnsServer"/> responders (<c>using static</c> it).</summary>
internal static class ApnsAnswer
{
    /// <summary>
    /// Answers <paramref name="status"/>, echoing the id the request carries: apns-id for a push, apns-request-id for a
    /// broadcast or a channel-management call (<paramref name="requestId"/> answers another). A
    /// <paramref name="reason"/> is sent as APNs's error body, otherwise <paramref name="body"/> as it is.
    /// </summary>
    public static async Task Answer(
        HttpContext context,
        int status,
        string? reason = null,
        string? body = null,
        string? requestId = null,
        string? channelId = null,
        int? retryAfterSeconds = null)
    {
        context.Response.StatusCode = status;
        foreach (var id in (string[])["apns-id", "apns-request-id"])
        {
            if (context.Request.Headers.TryGetValue(id, out var sent))
            {
                context.Response.Headers[id] = sent;
            }
        }

        if (requestId is not null)
        {
            context.Response.Headers["apns-request-id"] = requestId;
        }

        if (channelId is not null)
        {
            context.Response.Headers["apns-channel-id"] = channelId;
        }

        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        if ((reason is not null ? $$"""{"reason":"{{reason}}"}""" : body) is { } text)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(text);
        }
    }
}
