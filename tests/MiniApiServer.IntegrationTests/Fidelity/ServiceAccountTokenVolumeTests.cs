using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// The ServiceAccount admission plugin's changes to new pods (plugin/pkg/admission/serviceaccount/admission.go): the
/// kube-api-access projected volume and its mounts, automountServiceAccountToken, image pull secrets from the account,
/// and the enforce-mountable-secrets annotation, over HTTP and for a controller's pods.
/// </summary>
public sealed partial class ServiceAccountTokenVolumeTests : ServerTest
{
    private const string Pods = "/api/v1/namespaces/default/pods";
    private const string Accounts = "/api/v1/namespaces/default/serviceaccounts";
    private const string TokenPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    // TokenVolumeSource() in admission.go, as kubectl get -o json prints it from a real cluster.
    private const string ExpectedProjection =
        """{"sources":[{"serviceAccountToken":{"expirationSeconds":3607,"path":"token"}},{"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},{"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}],"defaultMode":420}""";

    protected override ApiServerHost StartServer() => ApiServerHost.Start(nodes: 1);

    // names.SimpleNameGenerator: five characters from k8s.io/apimachinery's rand alphabet.
    [GeneratedRegex("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$")]
    private static partial Regex TokenVolumeName();

    private async Task<JsonObject> CreatePodAsync(string name, string spec) =>
        await Server.Http.CreateAsync(Pods, $$$"""{"metadata":{"name":"{{{name}}}"},"spec":{{{{spec}}}}}""");

    /// <summary>The 403's message for a pod the server refuses.</summary>
    private async Task<string?> ForbiddenAsync(string pod)
    {
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods, pod);
        Assert.True(code == HttpStatusCode.Forbidden, $"{(int)code} {body.ToJsonString()}");
        return body.Str("message");
    }

    private static JsonArray Volumes(JsonObject pod) => pod["spec"]!["volumes"] as JsonArray ?? [];

    private static List<JsonObject> Mounts(JsonObject pod, string list, int index) =>
        (pod["spec"]![list]![index]!["volumeMounts"] as JsonArray ?? []).Select(m => m!.AsObject()).ToList();

    [Fact]
    public async Task NewPod_EveryContainerAndInitContainer_MountsOneProjectedTokenVolume()
    {
        var pod = await CreatePodAsync("web", """
            "initContainers":[{"name":"init","image":"busybox"}],
            "containers":[{"name":"a","image":"nginx","volumeMounts":[{"name":"cache","mountPath":"/cache"}]},{"name":"b","image":"nginx"}],
            "volumes":[{"name":"cache","emptyDir":{}}]
            """);

        var volumes = Volumes(pod);
        Assert.Equal(2, volumes.Count);
        Assert.Equal("cache", volumes[0].Str("name"));
        var token = volumes[1]!.AsObject();
        var name = token.Str("name")!;
        Assert.Matches(TokenVolumeName(), name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ExpectedProjection), token["projected"]), token.ToJsonString());
        foreach (var (list, index) in new[] { ("initContainers", 0), ("containers", 0), ("containers", 1) })
        {
            var last = Mounts(pod, list, index)[^1];
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"name":"{{name}}","readOnly":true,"mountPath":"{{TokenPath}}"}"""), last), $"{list}[{index}]: {last.ToJsonString()}");
        }
        Assert.Equal("/cache", Mounts(pod, "containers", 0)[0].Str("mountPath"));
        // Stored as admitted: a GET returns the same volume.
        var read = await Server.Http.GetJsonAsync($"{Pods}/web");
        Assert.Equal(name, Volumes(read!)[1].Str("name"));
        Assert.Equal("default", read.Str("spec", "serviceAccountName"));
    }

    [Fact]
    public async Task AutomountServiceAccountToken_PodChoiceWinsOverTheAccount_ThenTheAccountsChoice()
    {
        await Server.Http.CreateAsync(Accounts, """{"metadata":{"name":"quiet"},"automountServiceAccountToken":false}""");
        var optedOut = await CreatePodAsync("opted-out", """ "automountServiceAccountToken":false,"containers":[{"name":"c","image":"nginx"}]""");
        Assert.Empty(Volumes(optedOut));
        Assert.Empty(Mounts(optedOut, "containers", 0));

        var byAccount = await CreatePodAsync("by-account", """ "serviceAccountName":"quiet","containers":[{"name":"c","image":"nginx"}]""");
        Assert.Empty(Volumes(byAccount));

        var overrides = await CreatePodAsync("overrides", """ "serviceAccountName":"quiet","automountServiceAccountToken":true,"containers":[{"name":"c","image":"nginx"}]""");
        Assert.Matches(TokenVolumeName(), Volumes(overrides).Single().Str("name")!);
    }

    [Fact]
    public async Task ExistingMountAtTheTokenPath_OrExistingTokenVolume_IsKept()
    {
        // A container with its own mount at the path gets none; the other one does, so the volume is added.
        var mixed = await CreatePodAsync("mixed", $$$"""
            "containers":[{"name":"own","image":"nginx","volumeMounts":[{"name":"mine","mountPath":"{{{TokenPath}}}"}]},{"name":"plain","image":"nginx"}],
            "volumes":[{"name":"mine","emptyDir":{}}]
            """);
        Assert.Single(Mounts(mixed, "containers", 0));
        Assert.Equal(2, Volumes(mixed).Count);

        // Every container mounts its own: no volume is added.
        var own = await CreatePodAsync("own", $$$"""
            "containers":[{"name":"own","image":"nginx","volumeMounts":[{"name":"mine","mountPath":"{{{TokenPath}}}"}]}],
            "volumes":[{"name":"mine","emptyDir":{}}]
            """);
        Assert.Equal(["mine"], Volumes(own).Select(v => v.Str("name")));

        // A volume already named kube-api-access-* is the one the mounts use (a pod copied from another one's YAML).
        var copied = await CreatePodAsync("copied", """
            "containers":[{"name":"c","image":"nginx"}],
            "volumes":[{"name":"kube-api-access-abcde","emptyDir":{}}]
            """);
        Assert.Equal(["kube-api-access-abcde"], Volumes(copied).Select(v => v.Str("name")));
        Assert.Equal("kube-api-access-abcde", Mounts(copied, "containers", 0).Single().Str("name"));
    }

    [Fact]
    public async Task ImagePullSecrets_ComeFromTheAccount_OnlyWhenThePodNamesNone()
    {
        await Server.Http.CreateAsync(Accounts, """{"metadata":{"name":"puller"},"imagePullSecrets":[{"name":"registry-a"},{"name":"registry-b"}]}""");
        var inherits = await CreatePodAsync("inherits", """ "serviceAccountName":"puller","containers":[{"name":"c","image":"nginx"}]""");
        Assert.Equal("""[{"name":"registry-a"},{"name":"registry-b"}]""", inherits["spec"]!["imagePullSecrets"]!.ToJsonString());

        var own = await CreatePodAsync("own", """ "serviceAccountName":"puller","imagePullSecrets":[{"name":"mine"}],"containers":[{"name":"c","image":"nginx"}]""");
        Assert.Equal("""[{"name":"mine"}]""", own["spec"]!["imagePullSecrets"]!.ToJsonString());

        var plain = await CreatePodAsync("plain", """ "containers":[{"name":"c","image":"nginx"}]""");
        Assert.Null(plain["spec"]!["imagePullSecrets"]);
    }

    [Fact]
    public async Task EnforceMountableSecrets_RefusesSecretsTheAccountDoesNotList()
    {
        await Server.Http.CreateAsync(Accounts,
            """{"metadata":{"name":"strict","annotations":{"kubernetes.io/enforce-mountable-secrets":"true"}},"secrets":[{"name":"allowed"}],"imagePullSecrets":[{"name":"pull"}]}""");

        Assert.Equal("pods \"volume\" is forbidden: volume with secret.secretName=\"other\" is not allowed because service account strict does not reference that secret",
            await ForbiddenAsync("""{"metadata":{"name":"volume"},"spec":{"serviceAccountName":"strict","containers":[{"name":"c","image":"nginx"}],"volumes":[{"name":"s","secret":{"secretName":"other"}}]}}"""));

        Assert.Equal("pods \"env\" is forbidden: init container i with envVar PW referencing secret.secretName=\"other\" is not allowed because service account strict does not reference that secret",
            await ForbiddenAsync("""{"metadata":{"name":"env"},"spec":{"serviceAccountName":"strict","initContainers":[{"name":"i","image":"busybox","env":[{"name":"PW","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}],"containers":[{"name":"c","image":"nginx"}]}}"""));

        Assert.Equal("pods \"pull\" is forbidden: imagePullSecrets[1].name=\"elsewhere\" is not allowed because service account strict does not reference that imagePullSecret",
            await ForbiddenAsync("""{"metadata":{"name":"pull"},"spec":{"serviceAccountName":"strict","imagePullSecrets":[{"name":"pull"},{"name":"elsewhere"}],"containers":[{"name":"c","image":"nginx"}]}}"""));

        var allowed = await CreatePodAsync("allowed", """
            "serviceAccountName":"strict","containers":[{"name":"c","image":"nginx","env":[{"name":"PW","valueFrom":{"secretKeyRef":{"name":"allowed","key":"k"}}}]}],
            "volumes":[{"name":"s","secret":{"secretName":"allowed"}}]
            """);
        Assert.Equal(["pull"], ((JsonArray)allowed["spec"]!["imagePullSecrets"]!).Select(s => s.Str("name")));
    }

    [Fact]
    public async Task EnforceMountableSecrets_CoversEnvFromAndContainers()
    {
        await Server.Http.CreateAsync(Accounts,
            """{"metadata":{"name":"strict","annotations":{"kubernetes.io/enforce-mountable-secrets":"1"}},"secrets":[{"name":"allowed"}]}""");

        Assert.Equal("pods \"from\" is forbidden: container c with envFrom referencing secret.secretName=\"bulk\" is not allowed because service account strict does not reference that secret",
            await ForbiddenAsync("""{"metadata":{"name":"from"},"spec":{"serviceAccountName":"strict","containers":[{"name":"c","image":"nginx","envFrom":[{"secretRef":{"name":"allowed"}},{"secretRef":{"name":"bulk"}}]}]}}"""));

        Assert.Equal("pods \"var\" is forbidden: container c with envVar K referencing secret.secretName=\"other\" is not allowed because service account strict does not reference that secret",
            await ForbiddenAsync("""{"metadata":{"name":"var"},"spec":{"serviceAccountName":"strict","containers":[{"name":"c","image":"nginx","env":[{"name":"K","valueFrom":{"secretKeyRef":{"name":"other","key":"k"}}}]}]}}"""));
    }

    [Fact]
    public async Task MirrorPods_ReferenceNoAccountSecretOrToken_AndGetNoVolume()
    {
        const string Mirror = "\"annotations\":{\"kubernetes.io/config.mirror\":\"abc\"}";
        var cases = new[]
        {
            ("sa", "\"serviceAccountName\":\"default\",", "a mirror pod may not reference service accounts"),
            ("old", "\"serviceAccount\":\"default\",", "a mirror pod may not reference service accounts"),
            ("pull", "\"imagePullSecrets\":[{\"name\":\"r\"}],", "a mirror pod may not reference secrets"),
            ("vol", "\"volumes\":[{\"name\":\"s\",\"secret\":{\"secretName\":\"x\"}}],", "a mirror pod may not reference secrets"),
            ("token", "\"volumes\":[{\"name\":\"t\",\"projected\":{\"sources\":[{\"serviceAccountToken\":{\"path\":\"token\"}}]}}],", "a mirror pod may not use ServiceAccountToken volume projections"),
        };
        foreach (var (name, spec, message) in cases)
        {
            Assert.Equal($"pods \"{name}\" is forbidden: {message}",
                await ForbiddenAsync("{\"metadata\":{\"name\":\"" + name + "\"," + Mirror + "},\"spec\":{" + spec + "\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}"));
        }
        var plain = await Server.Http.CreateAsync(Pods,
            "{\"metadata\":{\"name\":\"static\"," + Mirror + "},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"}]}}");
        Assert.Empty(Volumes(plain));
    }

    [Fact]
    public async Task AServiceAccountNameOfTheWrongType_IsTheDecodersBadRequest()
    {
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods,
            """{"metadata":{"name":"typed"},"spec":{"serviceAccountName":5,"containers":[{"name":"c","image":"nginx"}]}}""");
        Assert.Equal(HttpStatusCode.BadRequest, code);
        Assert.Contains("serviceAccountName", body.Str("message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEmptyPullSecretList_TakesTheAccounts()
    {
        await Server.Http.CreateAsync(Accounts, """{"metadata":{"name":"puller"},"imagePullSecrets":[{"name":"registry"}]}""");
        var pod = await CreatePodAsync("empty", """ "serviceAccountName":"puller","imagePullSecrets":[],"containers":[{"name":"c","image":"nginx"}]""");
        Assert.Equal("""[{"name":"registry"}]""", pod["spec"]!["imagePullSecrets"]!.ToJsonString());
    }

    [Fact]
    public async Task TheTokenVolume_IsOwnedByNoManager()
    {
        // handlers/create.go records the creator's fields before mutating admission adds the volume and its mounts.
        var pod = await CreatePodAsync("owned", """
            "containers":[{"name":"plain","image":"nginx"},{"name":"own","image":"nginx","volumeMounts":[{"name":"data","mountPath":"/data"}]}],
            "volumes":[{"name":"data","emptyDir":{}}]
            """);
        var fields = pod["metadata"]!["managedFields"]![0]!["fieldsV1"]!["f:spec"]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"k:{\"name\":\"data\"}":{".":{},"f:emptyDir":{},"f:name":{}}}"""), fields["f:volumes"]), fields["f:volumes"]!.ToJsonString());
        Assert.Null(fields["f:containers"]!["k:{\"name\":\"plain\"}"]!["f:volumeMounts"]);
        var mounts = fields["f:containers"]!["k:{\"name\":\"own\"}"]!["f:volumeMounts"];
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"k:{\"mountPath\":\"/data\"}":{".":{},"f:mountPath":{},"f:name":{}}}"""), mounts), mounts!.ToJsonString());
        Assert.Equal(2, Volumes(pod).Count);
    }

    [Fact]
    public async Task ADryRun_AnswersWithTheVolume_AndStoresNothing()
    {
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Post, Pods + "?dryRun=All",
            """{"metadata":{"name":"dry"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""");
        Assert.Equal(HttpStatusCode.Created, code);
        Assert.Matches(TokenVolumeName(), Volumes(body).Single().Str("name")!);
        Assert.Null(await Server.Http.GetJsonAsync($"{Pods}/dry"));
    }

    [Fact]
    public async Task AServerSideApplyCreate_OwnsOnlyWhatItApplied_AndApplyingAgainChangesNothing()
    {
        // No scheduler takes the pod, so nothing but the applies writes it.
        const string Manifest = """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"applied"},"spec":{"schedulerName":"none","containers":[{"name":"c","image":"nginx"}]}}""";
        var (code, first) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/applied?fieldManager=me", Manifest, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.Created, code);
        var entry = first["metadata"]!["managedFields"]!.AsArray().Single(e => e.Str("manager") == "me")!;
        Assert.Equal("Apply", entry.Str("operation"));
        Assert.Null(entry["fieldsV1"]!["f:spec"]!["f:volumes"]);
        Assert.Null(entry["fieldsV1"]!["f:spec"]!["f:containers"]!["k:{\"name\":\"c\"}"]!["f:volumeMounts"]);

        // The volume is nobody's, so the same apply a second later neither removes it nor writes the pod: upstream's
        // managedFieldsUpdater keeps the entry's time when an apply changes nothing.
        var time = entry.Str("time");
        await Eventually.PastSecond(time!);
        var (again, second) = await Server.Http.SendJsonAsync(HttpMethod.Patch, $"{Pods}/applied?fieldManager=me", Manifest, "application/apply-patch+yaml");
        Assert.Equal(HttpStatusCode.OK, again);
        Assert.Equal(first.Str("metadata", "resourceVersion"), second.Str("metadata", "resourceVersion"));
        Assert.Equal(time, second["metadata"]!["managedFields"]!.AsArray().Single(e => e.Str("manager") == "me").Str("time"));
        Assert.Equal(Volumes(first).Single().Str("name"), Volumes(second).Single().Str("name"));
    }

    [Fact]
    public async Task DeprecatedServiceAccountField_NamesTheAccountThatIsChecked()
    {
        Assert.Equal("pods \"old\" is forbidden: error looking up service account default/legacy: serviceaccount \"legacy\" not found",
            await ForbiddenAsync("""{"metadata":{"name":"old"},"spec":{"serviceAccount":"legacy","containers":[{"name":"c","image":"nginx"}]}}"""));
        await Server.Http.CreateAsync(Accounts, """{"metadata":{"name":"legacy"}}""");
        var pod = await CreatePodAsync("old", """ "serviceAccount":"legacy","containers":[{"name":"c","image":"nginx"}]""");
        Assert.Equal("legacy", pod.Str("spec", "serviceAccountName"));
        Assert.Equal("legacy", pod.Str("spec", "serviceAccount"));
    }

    [Fact]
    public async Task AnUpdateLeavingOutTheDeprecatedField_KeepsTheAccount()
    {
        var pod = await CreatePodAsync("kept", """ "schedulerName":"none","containers":[{"name":"c","image":"nginx"}]""");
        // A client that knows only serviceAccountName (or only the old field) sends the pod back without the other one.
        pod["spec"]!.AsObject().Remove("serviceAccount");
        var (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Pods}/kept", pod.ToJsonString());
        Assert.True(code == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(("default", "default"), (body.Str("spec", "serviceAccountName"), body.Str("spec", "serviceAccount")));

        body["spec"]!.AsObject().Remove("serviceAccountName");
        (code, body) = await Server.Http.SendJsonAsync(HttpMethod.Put, $"{Pods}/kept", body.ToJsonString());
        Assert.True(code == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal(("default", "default"), (body.Str("spec", "serviceAccountName"), body.Str("spec", "serviceAccount")));
    }

    [Fact]
    public async Task ControllerPods_GetTheVolumeToo()
    {
        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/daemonsets", """
            {"metadata":{"name":"agent"},"spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
             "spec":{"initContainers":[{"name":"init","image":"busybox"}],"containers":[{"name":"a","image":"agent"}]}}}}
            """);
        var pods = await Eventually.Get(() => Server.Http.ListItemsAsync($"{Pods}?labelSelector=app%3Dagent"), p => p.Count == 1, what: "the daemon pod");
        var pod = pods[0];
        var name = Volumes(pod).Single().Str("name")!;
        Assert.Matches(TokenVolumeName(), name);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(ExpectedProjection), Volumes(pod)[0]!["projected"]), Volumes(pod)[0]!.ToJsonString());
        Assert.Equal(name, Mounts(pod, "initContainers", 0).Single().Str("name"));
        Assert.Equal(TokenPath, Mounts(pod, "containers", 0).Single().Str("mountPath"));
        // The template the pod came from is unchanged.
        var ds = await Server.Http.GetJsonAsync("/apis/apps/v1/namespaces/default/daemonsets/agent");
        Assert.Null(ds!["spec"]!["template"]!["spec"]!["volumes"]);
    }
}
