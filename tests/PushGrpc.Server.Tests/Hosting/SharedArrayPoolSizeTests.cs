using PushGrpc.Server.Hosting;

namespace PushGrpc.Server.Tests.Hosting;

/// <summary>The gateway enlarges ArrayPool.Shared through its environment variable, unless the operator set it.</summary>
public sealed class SharedArrayPoolSizeTests : IDisposable
{
    private readonly string? _original = Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable);

    public void Dispose() => Environment.SetEnvironmentVariable(SharedArrayPoolSize.Variable, _original);

    [Fact]
    public void Sets_the_pool_size_when_the_operator_has_not()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolSize.Variable, null);

        Assert.True(SharedArrayPoolSize.Configure());
        Assert.Equal("512", Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable));
    }

    [Fact]
    public void Leaves_the_operators_setting_as_it_is()
    {
        Environment.SetEnvironmentVariable(SharedArrayPoolSize.Variable, "64");

        Assert.False(SharedArrayPoolSize.Configure());
        Assert.Equal("64", Environment.GetEnvironmentVariable(SharedArrayPoolSize.Variable));
    }
}
