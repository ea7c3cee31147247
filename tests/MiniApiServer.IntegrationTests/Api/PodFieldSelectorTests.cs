using k8s.Models;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using MiniApiServer.Application.Resources;
using MiniApiServer.Controllers.Runtime;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Api;

/// <summary>
/// Every pod field upstream lets a fieldSelector name (pkg/registry/core/pod/strategy.go ToSelectableFields), and the
/// labels, select the pods that hold them, whichever way the pod was written: an HTTP create (a manager recorded), an
/// in-process create and an in-process update (none recorded), each of which indexes the pod off its model.
/// </summary>
public sealed class PodFieldSelectorTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";

    // Pods a and c are bound to nodes that do not exist; PodGC (upstream's gcOrphaned) would delete them after its
    // quarantine, 2 s here by default, so a slow run could lose them mid-test.
    protected override ApiServerHost StartServer() =>
        ApiServerHost.Start(settings: new Dictionary<string, string> { ["Controllers:PodGcQuarantine"] = "01:00:00" });

    private ObjectClient Typed => new(
        Server.Services.GetRequiredService<ISender>(), Server.Services.GetRequiredService<ResourceRegistry>(), "system:serviceaccount:kube-system:test");

    private async Task<string[]> NamesAsync(string query) =>
        (await Server.Http.ListItemsAsync($"{Pods}?{query}")).Select(p => p.Str("metadata", "name")!).Order(StringComparer.Ordinal).ToArray();

    [Fact]
    public async Task EverySelectableField_SelectsThePodsThatHoldIt_AfterCreatesAndUpdates()
    {
        // Another scheduler's pods: nothing in this server binds or runs them, so every value is the test's.
        await Server.Http.CreateAsync(Pods, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"a","labels":{"app":"a"}},
             "spec":{"schedulerName":"elsewhere","nodeName":"node-a","hostNetwork":true,"restartPolicy":"Never",
                     "containers":[{"name":"c","image":"nginx"}]}}
            """);
        await Server.Http.CreateAsync(Pods, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"b","labels":{"app":"b"}},
             "spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx"}]}}
            """);
        await Typed.CreateAsync(new V1Pod
        {
            Metadata = new V1ObjectMeta { Name = "c", NamespaceProperty = "default", Labels = new Dictionary<string, string> { ["app"] = "c" } },
            Spec = new V1PodSpec { SchedulerName = "other", NodeName = "node-c", Containers = [new V1Container { Name = "c", Image = "nginx" }] },
        });

        Assert.Equal(["a"], await NamesAsync("fieldSelector=spec.nodeName%3Dnode-a"));
        Assert.Equal(["c"], await NamesAsync("fieldSelector=spec.nodeName%3Dnode-c"));
        Assert.Equal(["b"], await NamesAsync("fieldSelector=spec.nodeName%3D"));
        Assert.Equal(["a"], await NamesAsync("fieldSelector=spec.hostNetwork%3Dtrue"));
        Assert.Equal(["b", "c"], await NamesAsync("fieldSelector=spec.hostNetwork%3Dfalse"));
        Assert.Equal(["a"], await NamesAsync("fieldSelector=spec.restartPolicy%3DNever"));
        Assert.Equal(["b", "c"], await NamesAsync("fieldSelector=spec.restartPolicy%3DAlways"));
        Assert.Equal(["a", "b"], await NamesAsync("fieldSelector=spec.schedulerName%3Delsewhere"));
        Assert.Equal(["a", "b", "c"], await NamesAsync("fieldSelector=spec.serviceAccountName%3Ddefault"));
        Assert.Equal(["a", "b", "c"], await NamesAsync("fieldSelector=status.phase%3DPending"));
        Assert.Equal(["a", "b", "c"], await NamesAsync("fieldSelector=status.podIP%3D,status.nominatedNodeName%3D"));
        Assert.Equal(["c"], await NamesAsync("fieldSelector=metadata.name%3Dc,metadata.namespace%3Ddefault"));
        Assert.Equal(["b"], await NamesAsync("labelSelector=app%3Db"));

        await Typed.UpdateAsync<V1Pod>("default", "b", p => { p.Metadata.Labels["tier"] = "back"; return true; });
        await Typed.UpdateAsync<V1Pod>("default", "b", p =>
        {
            p.Status.Phase = "Running";
            p.Status.PodIP = "10.1.2.3";
            p.Status.NominatedNodeName = "node-n";
            return true;
        }, status: true);

        Assert.Equal(["b"], await NamesAsync("labelSelector=tier%3Dback,app%3Db"));
        Assert.Equal(["b"], await NamesAsync("fieldSelector=status.phase%3DRunning"));
        Assert.Equal(["a", "c"], await NamesAsync("fieldSelector=status.phase%3DPending"));
        Assert.Equal(["b"], await NamesAsync("fieldSelector=status.podIP%3D10.1.2.3,status.nominatedNodeName%3Dnode-n"));
        Assert.Equal(["a", "c"], await NamesAsync("fieldSelector=status.phase!%3DRunning"));
    }

    [Fact]
    public async Task ANullLabelValue_IsStoredAndSelectedAsGosEmptyString_FromJsonAndYaml()
    {
        // Go decodes {"a":null} into a map[string]string as "a":"" (encoding/json stores the element's zero value).
        await Server.Http.CreateAsync(Pods, """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"json","labels":{"a":null,"app":"n"}},
             "spec":{"schedulerName":"elsewhere","containers":[{"name":"c","image":"nginx"}]}}
            """);
        using var yaml = new StringContent(
            // "n" quoted: go-yaml v2 reads a plain n as the bool false, which a label refuses.
            "apiVersion: v1\nkind: Pod\nmetadata:\n  name: yaml\n  labels:\n    a: null\n    app: \"n\"\nspec:\n  schedulerName: elsewhere\n  containers:\n  - name: c\n    image: nginx\n",
            System.Text.Encoding.UTF8, "application/yaml");
        using (var created = await Server.Http.PostAsync(Pods, yaml))
        {
            Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        }

        foreach (var name in new[] { "json", "yaml" })
        {
            Assert.Equal("", (await Server.Http.GetJsonAsync($"{Pods}/{name}")).Str("metadata", "labels", "a"));
        }
        Assert.Equal(["json", "yaml"], await NamesAsync("labelSelector=a%3D,app%3Dn"));
        Assert.Equal(["json", "yaml"], await NamesAsync("labelSelector=a,app%3Dn"));
        Assert.Empty(await NamesAsync("labelSelector=a%3Dnull"));
    }
}
