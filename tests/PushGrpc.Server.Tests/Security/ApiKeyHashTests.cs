using PushGrpc.Server.Security;

namespace PushGrpc.Server.Tests.Security;

public sealed class ApiKeyHashTests
{
    [Fact]
    public void Create_ThenParse_MatchesOnlyTheSameKey()
    {
        var stored = ApiKeyHash.Create("pgk_correct-horse");

        Assert.True(ApiKeyHash.TryParse(stored, out var hash));
        Assert.True(hash.Matches("pgk_correct-horse"));
        Assert.False(hash.Matches("pgk_correct-hors"));
        Assert.False(hash.Matches(string.Empty));
    }

    [Fact]
    public void Create_SameKeyTwice_UsesDifferentSaltsAndNeverContainsTheKey()
    {
        var first = ApiKeyHash.Create("pgk_same");
        var second = ApiKeyHash.Create("pgk_same");

        Assert.NotEqual(first, second);
        Assert.StartsWith("sha256:", first, StringComparison.Ordinal);
        Assert.DoesNotContain("pgk_same", first, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pgk_plain-key")]
    [InlineData("md5:AAAAAAAAAAA=:AAAA")]
    [InlineData("sha256:not base64:AAAA")]
    [InlineData("sha256:AAAAAAAAAAA=:AAAA")]
    public void TryParse_NotAStoredHash_IsFalse(string? text) => Assert.False(ApiKeyHash.TryParse(text, out _));

    [Fact]
    public void NewKey_IsLongRandomAndUrlSafe()
    {
        var key = ApiKeyHash.NewKey();

        Assert.Matches("^pgk_[A-Za-z0-9_-]{43}$", key);
        Assert.NotEqual(key, ApiKeyHash.NewKey());
    }

    [Fact]
    public void HashKeyCommand_KeyOnStdin_PrintsAHashThatMatchesIt()
    {
        using var output = new StringWriter();

        Assert.True(ApiKeyCommand.TryRun(["hash-key"], new StringReader("pgk_from-stdin\n"), output, out var exitCode));

        Assert.Equal(0, exitCode);
        Assert.True(ApiKeyHash.TryParse(output.ToString().Trim(), out var hash));
        Assert.True(hash.Matches("pgk_from-stdin"));
    }

    [Fact]
    public void Commands_OtherArguments_AreLeftToTheGateway()
    {
        Assert.False(ApiKeyCommand.TryRun(["--environment", "Production"], TextReader.Null, TextWriter.Null, out _));
        Assert.False(ApiKeyCommand.TryRun([], TextReader.Null, TextWriter.Null, out _));
    }
}
