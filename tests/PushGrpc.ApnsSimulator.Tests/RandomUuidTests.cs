using PushGrpc.ApnsSimulator.Internal;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The ids the simulator makes up (apns-unique-id, a missing apns-id) look like Guid.NewGuid's text.</summary>
public sealed class RandomUuidTests
{
    /// <summary>Lowercase 8-4-4-4-12, version 4, RFC 9562 variant.</summary>
    public const string LowercaseVersion4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

    [Fact]
    public void NextString_ManyAcrossBufferRefills_DistinctLowercaseVersion4()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RandomUuid.NextString()).ToList();

        Assert.All(ids, id => Assert.Matches(LowercaseVersion4, id));
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task NextString_OtherThreads_OwnBuffers()
    {
        var batches = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 300).Select(_ => RandomUuid.NextString()).ToList()))).Timeout();

        var all = batches.SelectMany(batch => batch).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
    }
}
