using k8s;
using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Kubectl;

/// <summary>What kubectl prints against the server, command by command (kubectl-wire.md §4).</summary>
public sealed class KubectlBasicsTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task Version_ReportsServer132()
    {
        var output = await Kubectl.OkAsync("version");
        Assert.Contains("Server Version: v1.32.4", output, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ApiResources_ListsDaemonSetsWithShortName()
    {
        var output = await Kubectl.OkAsync("api-resources");
        Assert.Matches(@"(?m)^daemonsets\s+ds\s+apps/v1\s+true\s+DaemonSet", output);
        Assert.Matches(@"(?m)^pods\s+po\s+v1\s+true\s+Pod", output);
        Assert.Matches(@"(?m)^nodes\s+no\s+v1\s+false\s+Node", output);
        Assert.Matches(@"(?m)^replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController", output);
        Assert.Matches(@"(?m)^podtemplates\s+v1\s+true\s+PodTemplate", output);
    }

    [KubectlFact]
    public async Task CreateGetDescribe_SeedWalkthrough()
    {
        var file = Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon);
        Assert.Equal("daemonset.apps/monitoring-daemon created\n", await Kubectl.OkAsync("create", "-f", file));
        var get = await Kubectl.OkAsync("get", "daemonsets");
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\n", get);
        Assert.Matches(@"(?m)^monitoring-daemon\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+\s+<none>\s+\d+s$", get);
        var describe = await Kubectl.OkAsync("describe", "daemonsets", "monitoring-daemon");
        foreach (var section in new[] { "Name:", "Selector:", "Node-Selector:", "Labels:", "Annotations:", "Desired Number of Nodes Scheduled:",
            "Current Number of Nodes Scheduled:", "Number of Nodes Scheduled with Up-to-date Pods:", "Number of Nodes Scheduled with Available Pods:",
            "Pods Status:", "Pod Template:", "Events:" })
        {
            Assert.Contains(section, describe, StringComparison.Ordinal);
        }
        var (code, _, stderr) = await Kubectl.RunAsync("create", "-f", file);
        Assert.Equal(1, code);
        Assert.Contains("Error from server (AlreadyExists): error when creating", stderr, StringComparison.Ordinal);
        Assert.Contains("daemonsets.apps \"monitoring-daemon\" already exists", stderr, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Get_Missing_PrintsNotFound()
    {
        var (code, _, stderr) = await Kubectl.RunAsync("get", "ds", "nope");
        Assert.Equal(1, code);
        Assert.Equal("Error from server (NotFound): daemonsets.apps \"nope\" not found\n", stderr);
    }

    [KubectlFact]
    public async Task ApplyTwice_SecondConfigures_AndKeepsUnchangedFields()
    {
        var file = Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon);
        Assert.Equal("daemonset.apps/monitoring-daemon created\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Equal("daemonset.apps/monitoring-daemon unchanged\n", await Kubectl.OkAsync("apply", "-f", file));
        await Kubectl.OkAsync("label", "ds", "monitoring-daemon", "team=obs");
        var changed = Kubectl.WriteFile("ds2.yaml", Manifests.MonitoringDaemon.Replace("image: monitoring-agent", "image: monitoring-agent:v2", StringComparison.Ordinal));
        Assert.Equal("daemonset.apps/monitoring-daemon configured\n", await Kubectl.OkAsync("apply", "-f", changed));
        var ds = JsonNode.Parse(await Kubectl.OkAsync("get", "ds", "monitoring-daemon", "-o", "json"))!;
        Assert.Equal("monitoring-agent:v2", ds["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("obs", ds["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(2, ds["metadata"]!["generation"]!.GetValue<long>());
    }

    [KubectlFact]
    public async Task ApplyServerSide_CreatesThenUpdates()
    {
        var file = Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon);
        Assert.Equal("daemonset.apps/monitoring-daemon serverside-applied\n", await Kubectl.OkAsync("apply", "--server-side", "-f", file));
        var changed = Kubectl.WriteFile("ds2.yaml", Manifests.MonitoringDaemon.Replace("image: monitoring-agent", "image: monitoring-agent:v3", StringComparison.Ordinal));
        Assert.Equal("daemonset.apps/monitoring-daemon serverside-applied\n", await Kubectl.OkAsync("apply", "--server-side", "-f", changed));
        var image = await Kubectl.OkAsync("get", "ds", "monitoring-daemon", "-o", "jsonpath={.spec.template.spec.containers[0].image}");
        Assert.Equal("monitoring-agent:v3", image);
        var managers = await Kubectl.OkAsync("get", "ds", "monitoring-daemon", "-o", "jsonpath={.metadata.managedFields[*].manager}", "--show-managed-fields");
        Assert.Contains("kubectl", managers, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Apply_RealWorldMultiDocument_AppliesAndRoundTrips()
    {
        var file = Kubectl.WriteFile("exporter.yaml", Manifests.NodeExporter);
        var output = await Kubectl.OkAsync("apply", "-f", file);
        Assert.Contains("serviceaccount/node-exporter created", output, StringComparison.Ordinal);
        Assert.Contains("configmap/node-exporter-config created", output, StringComparison.Ordinal);
        Assert.Contains("clusterrole.rbac.authorization.k8s.io/node-exporter created", output, StringComparison.Ordinal);
        Assert.Contains("daemonset.apps/node-exporter created", output, StringComparison.Ordinal);
        var ds = JsonNode.Parse(await Kubectl.OkAsync("get", "ds", "node-exporter", "-n", "kube-system", "-o", "json"))!;
        var spec = ds["spec"]!["template"]!["spec"]!;
        Assert.True(spec["hostNetwork"]!.GetValue<bool>());
        Assert.True(spec["hostPID"]!.GetValue<bool>());
        Assert.Equal("10%", ds["spec"]!["updateStrategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<string>());
        Assert.Equal("spec.nodeName", spec["containers"]![0]!["env"]![0]!["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>());
        Assert.Equal("Directory", spec["volumes"]![0]!["hostPath"]!["type"]!.GetValue<string>());
        Assert.Equal("SYS_TIME", spec["containers"]![0]!["securityContext"]!["capabilities"]!["add"]![0]!.GetValue<string>());
        Assert.Equal("Exists", spec["tolerations"]![0]!["operator"]!.GetValue<string>());
        Assert.Equal("50m", spec["containers"]![0]!["resources"]!["requests"]!["cpu"]!.GetValue<string>());
        Assert.Equal("busybox:1.36", spec["initContainers"]![0]!["image"]!.GetValue<string>());
        Assert.Equal("daemonset.apps/node-exporter unchanged", (await Kubectl.OkAsync("apply", "-f", file)).Split('\n').First(l => l.StartsWith("daemonset", StringComparison.Ordinal)));
    }

    [KubectlFact]
    public async Task Get_OutputFormats()
    {
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon));
        var wide = await Kubectl.OkAsync("get", "ds", "-o", "wide");
        Assert.Matches(@"^NAME\s+DESIRED\s+CURRENT\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+NODE SELECTOR\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", wide);
        Assert.Contains("app=monitoring-agent", wide, StringComparison.Ordinal);
        var yaml = await Kubectl.OkAsync("get", "ds", "monitoring-daemon", "-o", "yaml");
        Assert.Contains("kind: DaemonSet", yaml, StringComparison.Ordinal);
        Assert.Equal("monitoring-daemon", await Kubectl.OkAsync("get", "ds", "-o", "jsonpath={.items[0].metadata.name}"));
        var all = await Kubectl.OkAsync("get", "ds", "-A", "--show-labels");
        Assert.Matches(@"^NAMESPACE\s+NAME\s+.*LABELS\n", all);
        Assert.Matches(@"(?m)^default\s+monitoring-daemon\s+.*app=nginx$", all);
        var ns = await Kubectl.OkAsync("get", "ns");
        Assert.Matches(@"(?m)^kube-system\s+Active\s+\d+s$", ns);
    }

    [KubectlFact]
    public async Task LabelAnnotateCordonTaint_OnNode()
    {
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("node.yaml", "apiVersion: v1\nkind: Node\nmetadata:\n  name: worker-1\n"));
        Assert.Equal("node/worker-1 labeled\n", await Kubectl.OkAsync("label", "node", "worker-1", "disk=ssd"));
        Assert.Equal("node/worker-1 annotated\n", await Kubectl.OkAsync("annotate", "node", "worker-1", "note=hi"));
        Assert.Equal("node/worker-1 cordoned\n", await Kubectl.OkAsync("cordon", "worker-1"));
        Assert.Equal("node/worker-1 already cordoned\n", await Kubectl.OkAsync("cordon", "worker-1"));
        Assert.Contains("SchedulingDisabled", await Kubectl.OkAsync("get", "nodes"), StringComparison.Ordinal);
        Assert.Equal("node/worker-1 uncordoned\n", await Kubectl.OkAsync("uncordon", "worker-1"));
        Assert.Equal("node/worker-1 tainted\n", await Kubectl.OkAsync("taint", "nodes", "worker-1", "dedicated=infra:NoSchedule"));
        var taints = await Kubectl.OkAsync("get", "node", "worker-1", "-o", "jsonpath={.spec.taints[*].key}");
        Assert.Contains("dedicated", taints, StringComparison.Ordinal);
        Assert.Equal("node/worker-1 untainted\n", await Kubectl.OkAsync("taint", "nodes", "worker-1", "dedicated=infra:NoSchedule-"));
        Assert.Equal("node/worker-1 unlabeled\n", await Kubectl.OkAsync("label", "node", "worker-1", "disk-"));
        var labels = await Kubectl.OkAsync("get", "node", "worker-1", "-L", "disk");
        Assert.Matches(@"^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+DISK\n", labels);
    }

    [KubectlFact]
    public async Task Explain_PrintsFieldDocs()
    {
        var output = await Kubectl.OkAsync("explain", "daemonset.spec.updateStrategy");
        Assert.Contains("KIND:       DaemonSet", output, StringComparison.Ordinal);
        Assert.Contains("FIELD: updateStrategy <DaemonSetUpdateStrategy>", output, StringComparison.Ordinal);
        Assert.Contains("rollingUpdate", output, StringComparison.Ordinal);
    }

    /// <summary>The create-only reviews have OpenAPI documents of their own groups, as upstream's /openapi/v3 serves them.</summary>
    [KubectlFact]
    public async Task Explain_KnowsTheReviewKinds()
    {
        var tokenReview = await Kubectl.OkAsync("explain", "tokenreview.spec.audiences");
        Assert.Contains("GROUP:      authentication.k8s.io", tokenReview, StringComparison.Ordinal);
        Assert.Contains("FIELD: audiences <[]string>", tokenReview, StringComparison.Ordinal);
        var local = await Kubectl.OkAsync("explain", "localsubjectaccessreview.spec.resourceAttributes.verb");
        Assert.Contains("KIND:       LocalSubjectAccessReview", local, StringComparison.Ordinal);
        Assert.Contains("FIELD: verb <string>", local, StringComparison.Ordinal);
        var token = await Kubectl.OkAsync("explain", "serviceaccount", "--api-version", "v1");
        Assert.Contains("KIND:       ServiceAccount", token, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task Delete_PrintsDeleted_AndDryRunKeepsObject()
    {
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon));
        Assert.Equal("daemonset.apps \"monitoring-daemon\" deleted (server dry run)\n", await Kubectl.OkAsync("delete", "ds", "monitoring-daemon", "--dry-run=server"));
        await Kubectl.OkAsync("get", "ds", "monitoring-daemon");
        Assert.Equal("daemonset.apps \"monitoring-daemon\" deleted\n", await Kubectl.OkAsync("delete", "ds", "monitoring-daemon"));
        Assert.Equal(1, (await Kubectl.RunAsync("get", "ds", "monitoring-daemon")).ExitCode);
    }

    [KubectlFact]
    public async Task GetWatch_PrintsNewRows()
    {
        // A second object is created only once kubectl has printed the first one's row from its list, so the second
        // one's row can only come from the watch.
        var listed = await CreateConfigMap("listed-");
        using var watch = Kubectl.Start("get", "configmaps", "-w");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        async Task<string> LineStartingWith(string name)
        {
            while (true)
            {
                var line = await watch.StandardOutput.ReadLineAsync(deadline.Token) ?? throw new Xunit.Sdk.XunitException("kubectl get -w ended");
                if (line.StartsWith(name + " ", StringComparison.Ordinal))
                {
                    return line;
                }
            }
        }
        Assert.Matches($@"^{listed}\s+0\s+\d+s$", await LineStartingWith(listed));
        var watched = await CreateConfigMap("watched-");
        Assert.Matches($@"^{watched}\s+0\s+\d+s$", await LineStartingWith(watched));
        watch.Kill();
    }

    private async Task<string> CreateConfigMap(string generateName)
    {
        var created = await Server.Http.PostAsync("/api/v1/namespaces/default/configmaps",
            new StringContent($$$"""{"metadata":{"generateName":"{{{generateName}}}"}}""", System.Text.Encoding.UTF8, "application/json"));
        created.EnsureSuccessStatusCode();
        return JsonNode.Parse(await created.Content.ReadAsStringAsync())!["metadata"]!["name"]!.GetValue<string>();
    }

    [KubectlFact]
    public async Task CreateCommandsThatSendProtobuf_Work()
    {
        // kubectl's typed clients send these bodies as application/vnd.kubernetes.protobuf.
        Assert.Equal("namespace/demo created\n", await Kubectl.OkAsync("create", "namespace", "demo"));
        Assert.Equal("configmap/cfg created\n", await Kubectl.OkAsync("create", "configmap", "cfg", "-n", "demo", "--from-literal=a=b"));
        Assert.Equal("secret/sec created\n", await Kubectl.OkAsync("create", "secret", "generic", "sec", "-n", "demo", "--from-literal=pw=hunter2"));
        Assert.Equal("serviceaccount/bot created\n", await Kubectl.OkAsync("create", "serviceaccount", "bot", "-n", "demo"));
        Assert.Equal("{\"a\":\"b\"}", await Kubectl.OkAsync("get", "cm", "cfg", "-n", "demo", "-o", "jsonpath={.data}"));
        var secret = await Kubectl.OkAsync("get", "secret", "sec", "-n", "demo", "-o", "jsonpath={.data.pw}");
        Assert.Equal("hunter2", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(secret)));
        Assert.Equal("namespace \"demo\" deleted\n", await Kubectl.OkAsync("delete", "namespace", "demo"));
    }

    [KubectlFact]
    public async Task CreateRbacObjectsOverProtobuf_StoreWhatKubectlMeant()
    {
        // These were refused with 415 while protobuf was decoded by hand for four kinds; now every kind decodes
        // through the table generated from generated.proto.
        Assert.Equal("role.rbac.authorization.k8s.io/pod-reader created\n",
            await Kubectl.OkAsync("create", "role", "pod-reader", "--verb=get,list", "--resource=pods", "--resource-name=a"));
        Assert.Equal("rolebinding.rbac.authorization.k8s.io/read-pods created\n",
            await Kubectl.OkAsync("create", "rolebinding", "read-pods", "--role=pod-reader", "--user=alice", "--serviceaccount=default:bot"));
        Assert.Equal("clusterrole.rbac.authorization.k8s.io/node-viewer created\n",
            await Kubectl.OkAsync("create", "clusterrole", "node-viewer", "--verb=get", "--resource=nodes", "--non-resource-url=/healthz"));
        Assert.Equal("clusterrolebinding.rbac.authorization.k8s.io/view-nodes created\n",
            await Kubectl.OkAsync("create", "clusterrolebinding", "view-nodes", "--clusterrole=node-viewer", "--group=ops"));

        var role = (await Client.RbacAuthorizationV1.ReadNamespacedRoleAsync("pod-reader", "default")).Rules.Single();
        Assert.Equal(["get", "list"], role.Verbs);
        Assert.Equal([""], role.ApiGroups);
        Assert.Equal(["pods"], role.Resources);
        Assert.Equal(["a"], role.ResourceNames);
        var binding = await Client.RbacAuthorizationV1.ReadNamespacedRoleBindingAsync("read-pods", "default");
        Assert.Equal(("Role", "pod-reader", "rbac.authorization.k8s.io"), (binding.RoleRef.Kind, binding.RoleRef.Name, binding.RoleRef.ApiGroup));
        Assert.Equal(["User/alice", "ServiceAccount/bot/default"],
            binding.Subjects.Select(s => s.NamespaceProperty is null ? $"{s.Kind}/{s.Name}" : $"{s.Kind}/{s.Name}/{s.NamespaceProperty}"));
        var clusterRole = await Client.RbacAuthorizationV1.ReadClusterRoleAsync("node-viewer");
        Assert.Equal(["/healthz"], clusterRole.Rules.Single(r => r.NonResourceURLs is not null).NonResourceURLs);
        var meta = await Client.RbacAuthorizationV1.ReadClusterRoleBindingAsync("view-nodes");
        Assert.Equal("Group/ops", $"{meta.Subjects.Single().Kind}/{meta.Subjects.Single().Name}");
        // Empty strings kubectl's protobuf carries for unset fields are not stored.
        var raw = await Server.Http.GetStringAsync("/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/view-nodes");
        Assert.DoesNotContain("\"generateName\"", raw, StringComparison.Ordinal);
        Assert.DoesNotContain("\"namespace\":\"\"", raw, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task ApplyServerSide_ConflictNamesTheOtherManager_UntilForced()
    {
        var file = Kubectl.WriteFile("ds.yaml", Manifests.MonitoringDaemon);
        await Kubectl.OkAsync("apply", "--server-side", "--field-manager=alice", "-f", file);
        var changed = Kubectl.WriteFile("ds2.yaml", Manifests.MonitoringDaemon.Replace("image: monitoring-agent", "image: monitoring-agent:bob", StringComparison.Ordinal));
        var (code, _, stderr) = await Kubectl.RunAsync("apply", "--server-side", "--field-manager=bob", "-f", changed);
        Assert.Equal(1, code);
        Assert.Contains("Apply failed with 1 conflict: conflict with \"alice\"", stderr, StringComparison.Ordinal);
        Assert.Contains(".spec.template.spec.containers[name=\"monitoring-agent\"].image", stderr, StringComparison.Ordinal);
        Assert.Equal("daemonset.apps/monitoring-daemon serverside-applied\n",
            await Kubectl.OkAsync("apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", changed));
        Assert.Equal("monitoring-agent:bob", await Kubectl.OkAsync("get", "ds", "monitoring-daemon", "-o", "jsonpath={.spec.template.spec.containers[0].image}"));
    }

    [KubectlFact]
    public async Task GetEachServedKind_PrintsUpstreamColumns()
    {
        await Kubectl.OkAsync("create", "-f", Kubectl.WriteFile("exporter.yaml", Manifests.NodeExporter));
        var expected = new Dictionary<string, string>
        {
            ["nodes"] = "NAME STATUS ROLES AGE VERSION",
            ["namespaces"] = "NAME STATUS AGE",
            ["pods"] = "NAME READY STATUS RESTARTS AGE",
            ["events"] = "LAST SEEN TYPE REASON OBJECT MESSAGE",
            ["configmaps"] = "NAME DATA AGE",
            ["secrets"] = "NAME TYPE DATA AGE",
            ["serviceaccounts"] = "NAME SECRETS AGE",
            ["daemonsets"] = "NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE",
            ["controllerrevisions"] = "NAME CONTROLLER REVISION AGE",
            ["leases"] = "NAME HOLDER AGE",
            ["clusterroles"] = "NAME CREATED AT",
            ["roles"] = "NAME CREATED AT",
            ["clusterrolebindings"] = "NAME ROLE AGE",
            ["rolebindings"] = "NAME ROLE AGE",
        };
        foreach (var (kind, header) in expected)
        {
            var (code, stdout, stderr) = await Kubectl.RunAsync("get", kind, "-A");
            Assert.True(code == 0, $"kubectl get {kind} -A: {stderr}");
            if (stdout.Length == 0)
            {
                Assert.Equal("No resources found\n", stderr);
                continue;
            }
            var first = System.Text.RegularExpressions.Regex.Replace(stdout.Split('\n')[0].Trim(), @"\s+", " ");
            Assert.Equal("NAMESPACE " + header, first.StartsWith("NAMESPACE ", StringComparison.Ordinal) ? first : "NAMESPACE " + first);
        }
    }
}
