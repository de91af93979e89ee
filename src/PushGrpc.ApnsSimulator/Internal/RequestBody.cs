using System.Buffers;
using Microsoft.AspNetCore.Http;
using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Internal;

/// <summary>How a body is judged: its size limit, the reason for a body Kestrel refused, and whether to keep its bytes.</summary>
internal readonly record struct BodyRules(long MaxBytes, string MalformedReason, bool Record);

/// <summary>How reading a body within its size limit went.</summary>
internal enum BodyOutcome
{
    /// <summary>The whole body is in the buffer; the caller must advance the reader past it.</summary>
    Read,

    /// <summary>Over the limit (by content-length or by the bytes seen); the excess was not buffered.</summary>
    TooLarge,

    /// <summary>Kestrel refused the body (it contradicted its content-length).</summary>
    Malformed,
}

/// <summary>Reads a request body up to a limit, straight from Kestrel's buffers, and judges it.</summary>
internal static class RequestBody
{
    /// <summary>
    /// The body's verdict: 413 PayloadTooLarge over the limit, 400 <see cref="BodyRules.MalformedReason"/> when Kestrel
    /// refused it, 400 PayloadEmpty when empty, else 400 with what <paramref name="check"/> says (null = fine). Kept in
    /// <see cref="RequestFacts.Payload"/> when <see cref="BodyRules.Record"/>. The state spares the hot path a closure.
    /// </summary>
    public static async ValueTask<Verdict> ReadCheckedAsync<TState>(
        HttpRequest request,
        RequestFacts facts,
        BodyRules rules,
        TState state,
        Func<ReadOnlySequence<byte>, TState, string?> check)
    {
        var (outcome, body) = await ReadAsync(request, rules.MaxBytes);
        switch (outcome)
        {
            case BodyOutcome.TooLarge:
                return Verdict.Reject(413, nameof(ApnsReason.PayloadTooLarge));
            case BodyOutcome.Malformed:
                return Verdict.Reject(400, rules.MalformedReason);
        }

        try
        {
            if (body.IsEmpty)
            {
                return Verdict.Reject(400, nameof(ApnsReason.PayloadEmpty));
            }

            if (rules.Record)
            {
                facts.Payload = body.ToArray();
            }

            return check(body, state) is { } reason ? Verdict.Reject(400, reason) : Verdict.Accepted;
        }
        finally
        {
            request.BodyReader.AdvanceTo(body.End);
        }
    }

    /// <summary>
    /// Reads at most <paramref name="limit"/> + 1 bytes: enough to know a body is too large without buffering a huge
    /// one. With <see cref="BodyOutcome.Read"/> the caller calls <c>BodyReader.AdvanceTo(body.End)</c> when done.
    /// </summary>
    private static async ValueTask<(BodyOutcome Outcome, ReadOnlySequence<byte> Body)> ReadAsync(HttpRequest request, long limit)
    {
        if (request.ContentLength > limit)
        {
            return (BodyOutcome.TooLarge, default);
        }

        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.Buffer.Length > limit)
                {
                    reader.AdvanceTo(result.Buffer.End);
                    return (BodyOutcome.TooLarge, default);
                }

                if (result.IsCompleted)
                {
                    return (BodyOutcome.Read, result.Buffer);
                }

                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            }
        }
        catch (BadHttpRequestException)
        {
            return (BodyOutcome.Malformed, default);
        }
    }
}
