namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>
/// Base of the test classes sharing one simulator: after every test, an error logged by the simulator or Kestrel
/// fails that test (a class-fixture cleanup failure would only be reported, not fail the run).
/// </summary>
public abstract class SimulatorTests<TFixture>(TFixture fixture) : IClassFixture<TFixture>, IDisposable
    where TFixture : SimulatorFixture
{
    protected TFixture Fixture { get; } = fixture;

    public void Dispose()
    {
        Fixture.AssertNoErrorLogs();
        GC.SuppressFinalize(this);
    }
}
