using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>
/// kubectl diff of a file against what it created. Its client-side merge (kubectl's apply GetModifiedConfiguration)
/// always sends "annotations": {} for an object without annotations; kube-apiserver's typed ObjectMeta drops an empty
/// map (omitempty), so nothing differs and kubectl diff exits 0.
/// </summary>
public sealed class KubectlDiffTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string ConfigMap = """
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: same
          namespace: default
        data:
          a: "1"
        """;

    [KubectlFact]
    public async Task DiffOfAnUnchangedObjectWithoutAnnotations_FindsNoDifference()
    {
        var file = Kubectl.WriteFile("cm.yaml", ConfigMap);
        await Kubectl.OkAsync("create", "-f", file);

        var (code, stdout, stderr) = await Kubectl.RunAsync("diff", "-f", file);

        Assert.True(code == 0, $"kubectl diff exited {code}:\n{stdout}\n{stderr}");
        Assert.Equal("", stdout);
    }

    [KubectlFact]
    public async Task DiffOfAChangedObject_ShowsOnlyTheChange()
    {
        var file = Kubectl.WriteFile("cm.yaml", ConfigMap);
        await Kubectl.OkAsync("create", "-f", file);
        var changed = Kubectl.WriteFile("cm2.yaml", ConfigMap.Replace("a: \"1\"", "a: \"2\"", StringComparison.Ordinal));

        var (code, stdout, _) = await Kubectl.RunAsync("diff", "-f", changed);

        Assert.Equal(1, code);
        Assert.Equal(["-  a: \"1\"", "+  a: \"2\""],
            stdout.Split('\n').Where(l => l.Length > 1 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EmptyMetadataMapsAndLists_AreNotStored()
    {
        using var http = NewStreamingHttp();
        var created = await http.CreateAsync("/api/v1/namespaces/default/configmaps",
            """{"metadata":{"name":"bare","labels":{},"annotations":{},"finalizers":[],"ownerReferences":[]}}""");
        var (code, patched) = await http.SendJsonAsync(HttpMethod.Patch, "/api/v1/namespaces/default/configmaps/bare",
            """{"metadata":{"labels":{},"annotations":{}},"data":{"k":"v"}}""", "application/strategic-merge-patch+json");
        Assert.True(code == System.Net.HttpStatusCode.OK, patched.ToJsonString());
        var read = JsonNode.Parse(await http.GetStringAsync("/api/v1/namespaces/default/configmaps/bare"))!;

        foreach (var obj in new[] { created, patched, read })
        {
            var meta = obj["metadata"]!.AsObject();
            Assert.DoesNotContain(meta, p => p.Key is "labels" or "annotations" or "finalizers" or "ownerReferences");
        }
    }
}
