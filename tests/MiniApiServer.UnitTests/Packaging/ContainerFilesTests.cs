using YamlDotNet.RepresentationModel;

namespace MiniApiServer.UnitTests.Packaging;

/// <summary>No Docker engine runs here, so the container files are checked for the properties users rely on.</summary>
public sealed class ContainerFilesTests
{
    private static readonly string Root = RepoRoot();

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiniApiServer.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private static List<(string Instruction, string Args)> Dockerfile() =>
        File.ReadAllLines(Path.Combine(Root, "Dockerfile"))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Aggregate(new List<string>(), (acc, line) =>
            {
                if (acc.Count > 0 && acc[^1].EndsWith('\\'))
                {
                    acc[^1] = acc[^1][..^1] + " " + line;
                }
                else
                {
                    acc.Add(line);
                }
                return acc;
            })
            .Select(l => (l.Split(' ', 2)[0].ToUpperInvariant(), l.Split(' ', 2).ElementAtOrDefault(1) ?? ""))
            .ToList();

    [Fact]
    public void Dockerfile_IsMultiStageSdkToAspnet()
    {
        var froms = Dockerfile().Where(i => i.Instruction == "FROM").Select(i => i.Args).ToList();
        Assert.Equal(2, froms.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", froms[0], StringComparison.Ordinal);
        Assert.StartsWith("mcr.microsoft.com/dotnet/aspnet:10.0", froms[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Dockerfile_FinalStage_NonRootUserDataVolumePortHealthcheck()
    {
        var lines = Dockerfile();
        var final = lines.Skip(lines.FindLastIndex(i => i.Instruction == "FROM")).ToList();
        var user = final.Last(i => i.Instruction == "USER").Args;
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains(final, i => i.Instruction == "VOLUME" && i.Args.Contains("/data", StringComparison.Ordinal));
        Assert.Contains(final, i => i.Instruction == "EXPOSE" && i.Args == "8080");
        Assert.Contains(final, i => i.Instruction == "HEALTHCHECK" && i.Args.Contains("/readyz", StringComparison.Ordinal));
        Assert.Contains(final, i => i.Instruction == "ENV" && i.Args.Contains("URLS=http://0.0.0.0:8080", StringComparison.Ordinal));
        Assert.Contains(final, i => i.Instruction == "ENTRYPOINT" && i.Args.Contains("MiniApiServer.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_ServerWithNamedVolumePortAndEnvironment()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var services = (YamlMappingNode)root["services"];
        var server = (YamlMappingNode)services.Children.Values.Single();
        var ports = ((YamlSequenceNode)server["ports"]).Select(p => p.ToString()).ToList();
        Assert.Contains(ports, p => p.EndsWith(":8080:8080", StringComparison.Ordinal) || p == "8080:8080");
        var volume = ((YamlSequenceNode)server["volumes"]).Select(v => v.ToString()).Single();
        var volumeName = volume.Split(':')[0];
        Assert.Equal("/data", volume.Split(':')[1]);
        Assert.Contains(new YamlScalarNode(volumeName), ((YamlMappingNode)root["volumes"]).Children.Keys);
        var env = (YamlMappingNode)server["environment"];
        Assert.Equal("http://0.0.0.0:8080", env["URLS"].ToString());
        Assert.Equal("/data/cluster.db", env["DB"].ToString());
    }
}
