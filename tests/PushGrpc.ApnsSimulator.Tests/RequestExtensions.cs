namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Small edits to a built request, so one builder serves the odd cases.</summary>
internal static class RequestExtensions
{
    public static HttpRequestMessage With(this HttpRequestMessage request, string name, string value)
    {
        request.Headers.TryAddWithoutValidation(name, value);
        return request;
    }

    public static HttpRequestMessage WithMethod(this HttpRequestMessage request, HttpMethod method)
    {
        request.Method = method;
        if (method == HttpMethod.Get)
        {
            // Providers send GET without a body; the builders attach one for POST only.
            request.Content = null;
        }

        return request;
    }
}
