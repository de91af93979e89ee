using PushGrpc.Apns.Internal;

namespace PushGrpc.Apns.Tests;

public sealed class RandomUuidTests
{
    [Fact]
    public void Next_GivesDistinctVersion4Uuids_AcrossBufferRefills()
    {
        // 10,000 ids: about 40 refills of the per-thread buffer.
        var ids = Enumerable.Range(0, 10_000).Select(_ => RandomUuid.Next().ToString("D")).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(ids, id =>
        {
            Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", id);
        });
    }

    [Fact]
    public async Task Next_OnManyThreadsAtOnce_NeverRepeats()
    {
        var perThread = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 2_000).Select(_ => RandomUuid.Next()).ToList())));

        var all = perThread.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct().Count());
    }
}
