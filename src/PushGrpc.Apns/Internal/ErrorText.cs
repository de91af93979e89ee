using System.Net.Http;

namespace PushGrpc.Apns.Internal;

/// <summary>
/// Short, secret-free descriptions of transport failures for <see cref="ApnsResponse.Error"/> and logs. Exception
/// messages of the networking stack name hosts, ports and certificate problems, never request headers or URIs.
/// </summary>
internal static class ErrorText
{
    private const int MaxLength = 300;

    public static string Describe(Exception exception)
    {
        var root = exception;
        while (root.InnerException is not null)
        {
            root = root.InnerException;
        }

        var text = exception switch
        {
            HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http when !ReferenceEquals(root, exception) =>
                $"{http.HttpRequestError}: {root.Message}",
            HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } http => $"{http.HttpRequestError}: {http.Message}",
            _ when !ReferenceEquals(root, exception) => $"{exception.GetType().Name}: {exception.Message} ({root.Message})",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return text.Length <= MaxLength ? text : string.Concat(text.AsSpan(0, MaxLength - 1), "…");
    }
}
