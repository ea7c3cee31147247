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
        var server = (YamlMappingNode)services["miniapiserver"];
        Assert.Equal(["single"], ((YamlSequenceNode)server["profiles"]).Select(p => p.ToString()));
        // Plain `docker compose up` must still start it: .env enables its profile by default.
        Assert.Contains("COMPOSE_PROFILES=single", File.ReadAllLines(Path.Combine(Root, ".env")));
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

    [Fact]
    public void Compose_HaProfile_Postgres15_ThreeReplicasOnIt_LoadBalancerOnLoopback8080CheckingReadyz()
    {
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "docker-compose.yml"))));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode)["services"];
        YamlMappingNode Service(string name) => (YamlMappingNode)services[name];
        bool InHa(string name) => ((YamlSequenceNode)Service(name)["profiles"]).Any(p => p.ToString() == "ha");

        Assert.Equal("postgres:15", Service("postgres")["image"].ToString());
        Assert.True(InHa("postgres"));
        var replicas = services.Children.Keys.Select(k => k.ToString()).Where(k => k.StartsWith("replica-", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, replicas.Count);
        foreach (var replica in replicas)
        {
            Assert.True(InHa(replica));
            var env = (YamlMappingNode)Service(replica)["environment"];
            Assert.StartsWith("postgresql://", env["DB"].ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(":", env["DB"].ToString()["postgresql://".Length..].Split('@')[0], StringComparison.Ordinal);
        }
        Assert.True(InHa("loadbalancer"));
        Assert.Equal(["127.0.0.1:8080:8080"], ((YamlSequenceNode)Service("loadbalancer")["ports"]).Select(p => p.ToString()));
        var haproxy = File.ReadAllText(Path.Combine(Root, "deploy", "haproxy.cfg"));
        Assert.Contains("option httpchk GET /readyz", haproxy, StringComparison.Ordinal);
        Assert.All(replicas, r => Assert.Contains($"server {r} {r}:8080 check", haproxy, StringComparison.Ordinal));
    }
}
