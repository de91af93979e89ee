using Microsoft.AspNetCore.Http;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>
/// What a request is, from its listener, :path and :method, decided before any header is read (the answer's id header
/// depends on it). <see cref="Rejection"/> is the 404/405 for a broadcast or management request that names no
/// operation; device pushes keep their own request-line checks. Every device push shares <see cref="DevicePush"/>; only
/// routes naming an app are made per request.
/// </summary>
internal sealed class RequestRoute(SimulatorRequestKind kind, string? bundleId = null, Verdict? rejection = null)
{
    public static readonly RequestRoute DevicePush = new(SimulatorRequestKind.DevicePush);

    private const string BroadcastPrefix = "/4/broadcasts/";
    private const string BroadcastAppsPrefix = "/4/broadcasts/apps/";
    private const string AppsPrefix = "/1/apps/";
    private const string ChannelsSuffix = "/channels";
    private const string AllChannelsSuffix = "/all-channels";

    private static readonly Verdict BadPath = Verdict.Reject(404, nameof(ApnsReason.BadPath));
    private static readonly Verdict MethodNotAllowed = Verdict.Reject(405, nameof(ApnsReason.MethodNotAllowed));

    private static readonly RequestRoute UnknownMethod = new(SimulatorRequestKind.UnknownChannelOperation, rejection: MethodNotAllowed);

    private static readonly RequestRoute UnknownPath = new(SimulatorRequestKind.UnknownChannelOperation, rejection: BadPath);

    public SimulatorRequestKind Kind { get; } = kind;

    /// <summary>The app a broadcast or channel operation names; null for device pushes and paths without one.</summary>
    public string? BundleId { get; } = bundleId;

    /// <summary>The 404/405 a broadcast or management request gets before anything else is read.</summary>
    public Verdict? Rejection { get; } = rejection;

    /// <summary>Device pushes answer with apns-id; broadcasts and channel management with apns-request-id (§7.3).</summary>
    public string IdHeader => Kind == SimulatorRequestKind.DevicePush ? "apns-id" : "apns-request-id";

    /// <summary>
    /// The push listener: <c>/4/broadcasts/...</c> is a broadcast (POST only), anything else a device push, as before
    /// broadcasts existed. A management path here is therefore a device push's 404 BadPath (or 405 for non-POST).
    /// </summary>
    public static RequestRoute OnPushListener(string method, string path)
    {
        if (!path.StartsWith(BroadcastPrefix, StringComparison.Ordinal))
        {
            return DevicePush;
        }

        var bundleId = path.StartsWith(BroadcastAppsPrefix, StringComparison.Ordinal) ? BundleIdIn(path.AsSpan(BroadcastAppsPrefix.Length)) : null;
        return new RequestRoute(SimulatorRequestKind.Broadcast, bundleId, MethodFirst(HttpMethods.IsPost(method), bundleId is null));
    }

    /// <summary>
    /// The management listener: the method is judged before the path (as APNs does for GET /), then
    /// <c>/1/apps/&lt;bundleId&gt;/channels</c> (POST, GET, DELETE) and <c>/1/apps/&lt;bundleId&gt;/all-channels</c> (GET).
    /// </summary>
    public static RequestRoute OnManagementListener(string method, string path)
    {
        bool get = HttpMethods.IsGet(method), post = HttpMethods.IsPost(method), delete = HttpMethods.IsDelete(method);
        if (!get && !post && !delete)
        {
            return UnknownMethod;
        }

        var rest = path.StartsWith(AppsPrefix, StringComparison.Ordinal) ? path.AsSpan(AppsPrefix.Length) : [];
        if (rest.EndsWith(ChannelsSuffix, StringComparison.Ordinal) && BundleIdIn(rest[..^ChannelsSuffix.Length]) is { } bundleId)
        {
            return new RequestRoute(post ? SimulatorRequestKind.CreateChannel : get ? SimulatorRequestKind.ReadChannel : SimulatorRequestKind.DeleteChannel, bundleId);
        }

        if (rest.EndsWith(AllChannelsSuffix, StringComparison.Ordinal) && BundleIdIn(rest[..^AllChannelsSuffix.Length]) is { } listed)
        {
            return get
                ? new RequestRoute(SimulatorRequestKind.ListChannels, listed)
                : new RequestRoute(SimulatorRequestKind.UnknownChannelOperation, listed, MethodNotAllowed);
        }

        return UnknownPath;
    }

    private static Verdict? MethodFirst(bool methodAllowed, bool badPath) =>
        !methodAllowed ? MethodNotAllowed : badPath ? BadPath : null;

    /// <summary>One non-empty path segment.</summary>
    private static string? BundleIdIn(ReadOnlySpan<char> segment) =>
        segment.IsEmpty || segment.Contains('/') ? null : segment.ToString();
}
