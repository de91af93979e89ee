namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>Fault tests share one simulator per class; each test starts with no rules and no records.</summary>
public abstract class FaultTestBase(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(Reset(fixture))
{
    // Injected counts are cumulative over the simulator's life (like its statistics): tests compare with these.
    private readonly IReadOnlyDictionary<FaultKind, int> injectedBefore = fixture.Simulator.Faults.Injected;

    protected SimulatorFaults Faults => Fixture.Simulator.Faults;

    /// <summary>How many times <paramref name="kind"/> fired during this test.</summary>
    protected int Injected(FaultKind kind) => Faults.Injected[kind] - injectedBefore[kind];

    /// <summary>A push with its own apns-id, so its records can be found (a retried request keeps the id).</summary>
    protected (HttpRequestMessage Request, string ApnsId) PushWithId(string? deviceToken = null, string? jwt = "")
    {
        var apnsId = Guid.NewGuid().ToString();
        return (Fixture.Push(deviceToken, jwt: jwt, headers: ("apns-id", apnsId)), apnsId);
    }

    protected IReadOnlyList<SimulatorRecord> RecordsOf(string apnsId) =>
        Fixture.Simulator.Records.Where(r => r.ApnsId == apnsId).ToList();

    protected static string TokenWithPrefix(string prefix) => prefix + SimulatorFixture.RandomToken()[prefix.Length..];

    protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TestTimeouts.Default);
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    /// <summary>The connection a client's pushes go over, learnt from a first accepted push.</summary>
    protected async Task<string> WarmUpAsync(HttpClient client)
    {
        var (request, apnsId) = PushWithId();
        Assert.Equal(200, (await SimulatorFixture.SendAsync(client, request)).Status);
        return RecordsOf(apnsId).Single().ConnectionId;
    }

    private static SimulatorFixture Reset(SimulatorFixture fixture)
    {
        fixture.Simulator.Faults.Clear();
        fixture.Simulator.ClearRecords();
        return fixture;
    }
}
