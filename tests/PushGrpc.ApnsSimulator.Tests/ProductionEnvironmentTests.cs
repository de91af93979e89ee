using PushGrpc.Apns;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>A production simulator: apns-unique-id is a development-only header, certificates must fit production.</summary>
public sealed class ProductionEnvironmentTests(ProductionSimulatorFixture fixture) : SimulatorTests<ProductionSimulatorFixture>(fixture)
{
    [Fact]
    public async Task Accepted_Production_NoUniqueId()
    {
        var answer = await Fixture.SendAsync(Fixture.Push());

        Assert.Equal(200, answer.Status);
        Assert.NotNull(answer.ApnsId);
        Assert.Null(answer.UniqueId);
    }

    [Theory]
    [InlineData(ApnsEnvironment.Production, 200)]
    [InlineData(ApnsEnvironment.Sandbox, 403)]
    public async Task ClientCertificate_EnvironmentOnProduction_OnlyProductionAccepted(ApnsEnvironment environment, int status)
    {
        var client = Fixture.CreateClient(Fixture.Simulator.IssueClientCertificate("com.example.prod", environment));

        var answer = await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: null, topic: null));

        Assert.Equal(status, answer.Status);
    }
}
