using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>Header rules that device pushes, broadcasts and channel management share.</summary>
internal static class RequestHeaders
{
    /// <summary>
    /// 400 DuplicateHeaders when one of <paramref name="singleValueHeaders"/> came more than once (Kestrel folds repeated
    /// fields into one StringValues), then 400 BadMessageId when the request's id header
    /// (<see cref="RequestRoute.IdHeader"/>) is there but not a canonical UUID.
    /// </summary>
    public static Verdict CheckRepeatsAndId(IHeaderDictionary headers, string[] singleValueHeaders, string idHeader)
    {
        foreach (var name in singleValueHeaders)
        {
            if (headers[name].Count > 1)
            {
                return Verdict.Reject(400, nameof(ApnsReason.DuplicateHeaders));
            }
        }

        var id = headers[idHeader];
        return id.Count == 1 && !WireFormats.IsCanonicalUuid(id[0])
            ? Verdict.Reject(400, nameof(ApnsReason.BadMessageId))
            : Verdict.Accepted;
    }

    /// <summary>The header's value; null when it is absent, empty or repeated.</summary>
    public static string? NullIfEmpty(StringValues values) => values.Count == 1 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
