using k8s;
using k8s.Models;
using MiniApiServer.Controllers.DaemonSets;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Rollouts;

/// <summary>
/// The e2e helpers of test/e2e/apps/daemon_set.go and test/e2e/framework/daemonset/fixtures.go
/// (daemonset-semantics.md §6.1), against a server with fast simulated kubelets.
/// </summary>
internal static class RolloutFixture
{
    public const string Namespace = "default";
    public const string OriginalImage = "registry.k8s.io/e2e-test-images/httpd:2.4.38-4";
    public const string NewImage = "registry.k8s.io/e2e-test-images/agnhost:2.53";

    public static ApiServerHost Start(int nodes, IDictionary<string, string>? extra = null)
    {
        var settings = new Dictionary<string, string>
        {
            ["Controllers:SimulatedReadyDelay"] = "00:00:00.200",
            ["Controllers:SimulatedMaxGracePeriod"] = "00:00:00.200",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            settings[k] = v;
        }
        return ApiServerHost.Start(nodes: nodes, settings: settings);
    }

    /// <summary>NewDaemonSet: selector = template labels {daemonset-name: name}, one container "app" on port 9376.</summary>
    public static V1DaemonSet DaemonSet(string name, string image = OriginalImage, V1DaemonSetUpdateStrategy? strategy = null, int? minReadySeconds = null)
    {
        var labels = new Dictionary<string, string> { ["daemonset-name"] = name };
        return new V1DaemonSet
        {
            ApiVersion = "apps/v1",
            Kind = "DaemonSet",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace },
            Spec = new V1DaemonSetSpec
            {
                Selector = new V1LabelSelector { MatchLabels = labels },
                MinReadySeconds = minReadySeconds,
                UpdateStrategy = strategy,
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels) },
                    Spec = new V1PodSpec
                    {
                        Containers = [new V1Container { Name = "app", Image = image, Ports = [new V1ContainerPort { ContainerPort = 9376 }], SecurityContext = new V1SecurityContext() }],
                        SecurityContext = new V1PodSecurityContext(),
                    },
                },
            },
        };
    }

    public static V1DaemonSetUpdateStrategy RollingUpdate(string maxUnavailable = "1", string maxSurge = "0") => new()
    {
        Type = "RollingUpdate",
        RollingUpdate = new V1RollingUpdateDaemonSet { MaxUnavailable = IntOrString(maxUnavailable), MaxSurge = IntOrString(maxSurge) },
    };

    public static V1DaemonSetUpdateStrategy OnDelete() => new() { Type = "OnDelete" };

    private static IntOrString IntOrString(string value) =>
        int.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var i) ? (IntOrString)i : (IntOrString)value;

    public static Task<V1DaemonSet> CreateAsync(Kubernetes client, V1DaemonSet ds) => client.CreateNamespacedDaemonSetAsync(ds, Namespace);

    public static Task<V1DaemonSet> GetAsync(Kubernetes client, string name) => client.ReadNamespacedDaemonSetAsync(name, Namespace);

    /// <summary>Strategic-merge patch of the container image; containers merge by name.</summary>
    public static Task<V1DaemonSet> PatchImageAsync(Kubernetes client, string name, string image) =>
        client.PatchNamespacedDaemonSetAsync(new V1Patch("""{"spec":{"template":{"spec":{"containers":[{"name":"app","image":""" + System.Text.Json.JsonSerializer.Serialize(image) + "}]}}}}", V1Patch.PatchType.StrategicMergePatch), name, Namespace);

    /// <summary>GET + PUT with conflict retries, as the e2e updateDaemonSetWithRetries.</summary>
    public static async Task<V1DaemonSet> UpdateAsync(Kubernetes client, string name, Action<V1DaemonSet> change)
    {
        for (var attempt = 0; ; attempt++)
        {
            var ds = await GetAsync(client, name);
            change(ds);
            try
            {
                return await client.ReplaceNamespacedDaemonSetAsync(ds, name, Namespace);
            }
            catch (k8s.Autorest.HttpOperationException ex) when (ex.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 10)
            {
            }
        }
    }

    public static async Task<List<V1Pod>> PodsAsync(Kubernetes client, V1DaemonSet ds) =>
        (await client.ListNamespacedPodAsync(Namespace)).Items.Where(p => IsControlledBy(p, ds)).ToList();

    public static bool IsControlledBy(V1Pod pod, V1DaemonSet ds) =>
        pod.Metadata.OwnerReferences?.Any(o => o.Controller == true && o.Uid == ds.Metadata.Uid) == true;

    public static bool IsDeleting(V1Pod pod) => pod.Metadata.DeletionTimestamp is not null;

    /// <summary>
    /// The tests' own reading of podutil.IsPodAvailable (pkg/api/v1/pod/util.go), kept apart from the controller's
    /// predicate so a bug there cannot hide from the checks: the Ready condition is True and, when minReadySeconds
    /// is set, its last transition lies more than that many seconds before <paramref name="now"/>. A terminating
    /// pod never counts, as every e2e availability count skips pods with a deletionTimestamp.
    /// </summary>
    public static bool IsAvailable(V1Pod pod, int minReadySeconds, DateTimeOffset now)
    {
        if (pod.Metadata.DeletionTimestamp is not null)
        {
            return false;
        }
        var ready = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        if (ready is not { Status: "True" })
        {
            return false;
        }
        if (minReadySeconds <= 0)
        {
            return true;
        }
        if (ready.LastTransitionTime is not { } since)
        {
            return false;
        }
        // API times are UTC; reading the ticks as such keeps a deserialized Unspecified kind from shifting by the local offset.
        return now - new DateTimeOffset(since.Ticks, TimeSpan.Zero) > TimeSpan.FromSeconds(minReadySeconds);
    }

    /// <summary>
    /// The node a daemon pod belongs to, as GetTargetNodeName reads it: spec.nodeName once bound, before that the
    /// single metadata.name value of the required node affinity the controller pins each daemon pod with.
    /// </summary>
    public static string? NodeOf(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec.NodeName))
        {
            return pod.Spec.NodeName;
        }
        var pins = (pod.Spec.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms ?? [])
            .SelectMany(term => term.MatchFields ?? [])
            .Where(f => f.Key == "metadata.name" && f.OperatorProperty == "In")
            .SelectMany(f => f.Values ?? [])
            .Distinct()
            .ToList();
        return pins.Count == 1 ? pins[0] : null;
    }

    public static string? Hash(V1ObjectMeta meta) =>
        meta.Labels is { } labels && labels.TryGetValue("controller-revision-hash", out var hash) ? hash : null;

    /// <summary>
    /// CheckRunningOnAllNodes: exactly one available, non-deleting, controlled pod on every node (all simulated
    /// nodes are schedulable for these DaemonSets) and none elsewhere.
    /// </summary>
    public static async Task<List<V1Pod>> WaitRunningOnAllNodesAsync(Kubernetes client, V1DaemonSet ds, TimeSpan? timeout = null)
    {
        var nodes = (await client.ListNodeAsync()).Items.Select(n => n.Metadata.Name).ToHashSet();
        return await Eventually.Get(async () => await PodsAsync(client, ds), pods =>
        {
            var now = DateTimeOffset.UtcNow;
            var byNode = pods.Where(p => !IsDeleting(p) && IsAvailable(p, ds.Spec.MinReadySeconds ?? 0, now))
                .GroupBy(p => p.Spec.NodeName ?? "").ToDictionary(g => g.Key, g => g.Count());
            return byNode.Count == nodes.Count && nodes.All(n => byNode.GetValueOrDefault(n) == 1);
        }, timeout ?? TimeSpan.FromSeconds(15), $"{ds.Metadata.Name} running on all nodes");
    }

    /// <summary>
    /// CheckDaemonStatus: desired == current == ready. Upstream does one GET right after a poll that runs every
    /// second, which leaves the controller that long to write status after the last Ready transition; our polls
    /// run every 50 ms, so allow the same one second here instead of a single GET.
    /// </summary>
    public static async Task CheckDaemonStatusAsync(Kubernetes client, string name)
    {
        var ds = await Eventually.Get(() => GetAsync(client, name),
            d => d.Status.DesiredNumberScheduled == d.Status.CurrentNumberScheduled && d.Status.CurrentNumberScheduled == d.Status.NumberReady,
            TimeSpan.FromSeconds(1), "desired == current == ready");
        Assert.True(ds.Status.DesiredNumberScheduled > 0);
    }

    /// <summary>ControllerRevisions listed with the DaemonSet's selector (waitForHistoryCreated lists this way).</summary>
    public static async Task<List<V1ControllerRevision>> RevisionsAsync(Kubernetes client, V1DaemonSet ds) =>
        (await client.ListNamespacedControllerRevisionAsync(Namespace, labelSelector: Selector(ds))).Items.ToList();

    public static string Selector(V1DaemonSet ds) => string.Join(',', ds.Spec.Selector.MatchLabels.Select(kv => $"{kv.Key}={kv.Value}"));

    public static Task<List<V1ControllerRevision>> WaitForHistoryCreatedAsync(Kubernetes client, V1DaemonSet ds, int count) =>
        Eventually.Get(() => RevisionsAsync(client, ds), revs => revs.Count == count, TimeSpan.FromSeconds(10), $"{count} revisions");

    /// <summary>curHistory: every revision has a hash label and exactly one matches the DaemonSet (daemon.Match).</summary>
    public static V1ControllerRevision CurHistory(V1DaemonSet ds, List<V1ControllerRevision> revisions)
    {
        Assert.All(revisions, r => Assert.False(string.IsNullOrEmpty(Hash(r.Metadata))));
        return Assert.Single(revisions, r => DaemonSetHistory.Match(ds, r));
    }

    /// <summary>checkDaemonSetPodsLabels: every non-deleting pod carries the hash label, equal to <paramref name="hash"/>.</summary>
    public static void CheckPodsHash(IEnumerable<V1Pod> pods, string hash) =>
        Assert.All(pods.Where(p => !IsDeleting(p)), p => Assert.Equal(hash, Hash(p.Metadata)));
}
