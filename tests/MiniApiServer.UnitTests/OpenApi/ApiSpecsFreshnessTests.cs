using MiniApiServer.OpenApi;

namespace MiniApiServer.UnitTests.OpenApi;

/// <summary>
/// The committed api-specs/ must equal what the generator produces now. Run with UPDATE_API_SPECS=1 to
/// rewrite them after changing a served kind.
/// </summary>
public sealed class ApiSpecsFreshnessTests
{
    [Fact]
    public void CommittedOpenApiDocuments_MatchGenerator()
    {
        var dir = Path.Combine(RepoRoot(), "api-specs");
        if (Environment.GetEnvironmentVariable("UPDATE_API_SPECS") == "1")
        {
            ApiSpecFiles.WriteAll(TestResources.Generator, dir);
        }
        var expected = ApiSpecFiles.Serialize(TestResources.Generator.GenerateAll());
        var committed = ApiSpecFiles.ReadAll(dir);
        Assert.Equal(expected.Keys, committed.Keys);
        foreach (var (name, bytes) in expected)
        {
            Assert.True(bytes.AsSpan().SequenceEqual(committed[name]), $"api-specs/{ApiSpecFiles.OpenApiV3Folder}/{name} is stale; rerun with UPDATE_API_SPECS=1");
        }
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
