using System.Text;

namespace PushGrpc.ApnsSimulator.Tests;

/// <summary>What the simulator remembers about the traffic it answered.</summary>
public sealed class RecordTests(SimulatorFixture fixture) : SimulatorTests<SimulatorFixture>(fixture)
{
    [Fact]
    public async Task AcceptedPush_AllHeaders_RecordedAsSent()
    {
        var token = SimulatorFixture.RandomToken();
        const string Id = "0b5e1fd2-9c27-4c5e-8f4e-7d6a3a0c9e11";
        var answer = await Fixture.SendAsync(Fixture.Push(
            token,
            topic: SimulatorFixture.BundleId + ".voip",
            pushType: "voip",
            headers: [("apns-id", Id), ("apns-priority", "5"), ("apns-expiration", "1900000000"), ("apns-collapse-id", "c1")]));

        var record = Fixture.RecordOf(Id);
        Assert.Equal(200, answer.Status);
        Assert.Equal("POST", record.Method);
        Assert.Equal($"/3/device/{token}", record.Path);
        Assert.Equal(token, record.DeviceToken);
        Assert.Equal(SimulatorFixture.BundleId + ".voip", record.Topic);
        Assert.Equal("voip", record.PushType);
        Assert.Equal(5, record.Priority);
        Assert.Equal(1900000000L, record.Expiration);
        Assert.Equal("c1", record.CollapseId);
        Assert.Equal((200, null), (record.Status, record.Reason));
        Assert.Equal(SimulatorFixture.AlertPayload, Encoding.UTF8.GetString(record.Payload.Span));
        Assert.Equal("token", record.AuthMode);
        Assert.Equal(Fixture.Time.GetUtcNow(), record.ReceivedAt);
        Assert.False(string.IsNullOrEmpty(record.ConnectionId));
    }

    [Fact]
    public async Task RejectedPush_GeneratedApnsId_RecordedWithAnswer()
    {
        var answer = await Fixture.SendAsync(Fixture.Push(headers: ("apns-priority", "2")));

        var record = Fixture.RecordOf(answer.ApnsId);
        Assert.Equal((400, "BadPriority"), (record.Status, record.Reason));
        Assert.Null(record.Priority);
        Assert.True(record.Payload.IsEmpty);
    }

    [Fact]
    public async Task ClearRecords_AfterTraffic_Empty()
    {
        await Fixture.SendAsync(Fixture.Push());
        Assert.NotEmpty(Fixture.Simulator.Records);

        Fixture.Simulator.ClearRecords();

        Assert.Empty(Fixture.Simulator.Records);
    }

    [Fact]
    public async Task RecordPayloadsOff_AcceptedPush_PayloadNotKept()
    {
        await using var simulator = await ApnsSimulator.StartAsync(new ApnsSimulatorOptions { RecordPayloads = false, MaxRecords = 2 }).Timeout();
        simulator.AddSigningKey(SimulatorFixture.TeamId, SimulatorFixture.KeyId, Fixture.SigningKey, SimulatorFixture.BundleId);
        using var client = SimulatorFixture.CreateClient(simulator);
        var jwt = Jwt.Create(Fixture.SigningKey, SimulatorFixture.KeyId, SimulatorFixture.TeamId, DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var answers = new List<ApnsAnswer>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await SimulatorFixture.SendAsync(client, Fixture.Push(jwt: jwt)));
        }

        Assert.All(answers, answer => Assert.Equal(200, answer.Status));
        Assert.Equal(answers.Skip(1).Select(a => a.ApnsId), simulator.Records.Select(r => r.ApnsId));
        Assert.All(simulator.Records, record => Assert.True(record.Payload.IsEmpty));
    }
}
