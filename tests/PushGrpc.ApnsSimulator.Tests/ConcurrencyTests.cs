using System.Net;
using System.Text;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>The advertised SETTINGS_MAX_CONCURRENT_STREAMS holds, and the simulator observes the concurrency it got.</summary>
public sealed class ConcurrencyTests(FiveStreamsSimulatorFixture fixture) : SimulatorTests<FiveStreamsSimulatorFixture>(fixture)
{
    [Fact]
    public async Task TwentyConcurrentPushes_FiveStreamLimit_NeverMoreThanFiveAtOnce()
    {
        var client = Fixture.CreateClient();

        // One request first so the client has the server's SETTINGS before it opens streams in parallel.
        Assert.Equal(200, (await SimulatorFixture.SendAsync(client, Fixture.Push())).Status);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sends = Enumerable.Range(0, 20).Select(_ =>
        {
            var request = Fixture.Push();
            request.Content = new GatedContent(gate.Task, Encoding.UTF8.GetBytes(SimulatorFixture.AlertPayload));
            return SimulatorFixture.SendAsync(client, request);
        }).ToArray();

        // Bodies are held back, so streams stay open in the simulator until the gate opens.
        await WaitUntilAsync(() => Fixture.Simulator.MaxConcurrencySeen >= 5);
        gate.SetResult();
        var answers = await Task.WhenAll(sends).Timeout();

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        Assert.InRange(Fixture.Simulator.MaxConcurrencySeen, 2, 5);
        Assert.All(Fixture.Simulator.MaxConcurrencyByConnection.Values, max => Assert.InRange(max, 1, 5));
        Assert.Equal(Fixture.Simulator.MaxConcurrencySeen, Fixture.Simulator.MaxConcurrencyByConnection.Values.Max());
    }

    [Fact]
    public async Task TwoClients_OnePushEach_TwoConnectionsSeen()
    {
        var before = Fixture.Simulator.ConnectionsSeen;

        await SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push());
        await SimulatorFixture.SendAsync(Fixture.CreateClient(), Fixture.Push());

        Assert.Equal(before + 2, Fixture.Simulator.ConnectionsSeen);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>A body of unknown length whose first byte goes out at once and the rest only once the gate opens.</summary>
    private sealed class GatedContent(Task gate, byte[] body) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // HttpClient holds back a request's HEADERS until body data is flushed; this makes the stream open now.
            await stream.WriteAsync(body.AsMemory(0, 1));
            await stream.FlushAsync();
            await gate.Timeout();
            await stream.WriteAsync(body.AsMemory(1));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
