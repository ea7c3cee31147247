using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CustomResources;

/// <summary>
/// The Kubernetes docs' CronTab walkthrough with the real kubectl: apply the CRD, wait for Established, apply an
/// instance, read it as a table with the printer columns, explain it, patch it each way kubectl can, delete the CRD.
/// </summary>
public sealed class CrdKubectlTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private const string Crd = """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: crontabs.stable.example.com
        spec:
          group: stable.example.com
          versions:
            - name: v1
              served: true
              storage: true
              schema:
                openAPIV3Schema:
                  type: object
                  properties:
                    spec:
                      type: object
                      properties:
                        cronSpec:
                          type: string
                          description: when to run
                        image:
                          type: string
                        replicas:
                          type: integer
                          default: 1
              additionalPrinterColumns:
              - name: Spec
                type: string
                jsonPath: .spec.cronSpec
              - name: Replicas
                type: integer
                jsonPath: .spec.replicas
              - name: Age
                type: date
                jsonPath: .metadata.creationTimestamp
          scope: Namespaced
          names:
            plural: crontabs
            singular: crontab
            kind: CronTab
            shortNames:
            - ct
        """;

    private const string CronTab = """
        apiVersion: "stable.example.com/v1"
        kind: CronTab
        metadata:
          name: my-new-cron-object
        spec:
          cronSpec: "* * * * */5"
          image: my-awesome-cron-image
        """;

    [KubectlFact]
    public async Task CronTabWalkthrough()
    {
        Assert.Equal("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n",
            await Kubectl.OkAsync("apply", "-f", Kubectl.WriteFile("crd.yaml", Crd)));
        Assert.Equal("customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com condition met\n",
            await Kubectl.OkAsync("wait", "--for", "condition=established", "--timeout=30s", "crd/crontabs.stable.example.com"));
        Assert.Matches(@"^NAME\s+CREATED AT\ncrontabs\.stable\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\n$", await Kubectl.OkAsync("get", "crd"));
        Assert.Matches(@"(?m)^crontabs\s+ct\s+stable\.example\.com/v1\s+true\s+CronTab$", await Kubectl.OkAsync("api-resources"));

        var file = Kubectl.WriteFile("ct.yaml", CronTab);
        Assert.Equal("crontab.stable.example.com/my-new-cron-object created\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Matches(@"^NAME\s+SPEC\s+REPLICAS\s+AGE\nmy-new-cron-object\s+\* \* \* \* \*/5\s+1\s+\d+s\n$", await Kubectl.OkAsync("get", "ct"));
        Assert.Contains("cronSpec\t<string>\n    when to run", await Kubectl.OkAsync("explain", "crontab.spec"), StringComparison.Ordinal);
        // A second client-side apply computes its patch without a Go struct (kubectl's JSON merge patch for CRs).
        var changed = Kubectl.WriteFile("ct2.yaml", CronTab.Replace("my-awesome-cron-image", "other-image", StringComparison.Ordinal));
        Assert.Equal("crontab.stable.example.com/my-new-cron-object configured\n", await Kubectl.OkAsync("apply", "-f", changed));
        Assert.Equal("other-image", await Kubectl.OkAsync("get", "ct", "my-new-cron-object", "-o", "jsonpath={.spec.image}"));
        Assert.Equal("crontab.stable.example.com/my-new-cron-object configured\n", await Kubectl.OkAsync("apply", "-f", file));

        var (code, _, stderr) = await Kubectl.RunAsync("patch", "ct", "my-new-cron-object", "-p", """{"spec":{"replicas":2}}""");
        Assert.Equal(1, code);
        Assert.Equal("error: application/strategic-merge-patch+json is not supported by stable.example.com/v1, Kind=CronTab: the body of the request was in an unknown format "
            + "- accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml\n", stderr);
        Assert.Equal("crontab.stable.example.com/my-new-cron-object patched\n",
            await Kubectl.OkAsync("patch", "ct", "my-new-cron-object", "--type=merge", "-p", """{"spec":{"replicas":2}}"""));
        Assert.Equal("crontab.stable.example.com/my-new-cron-object serverside-applied\n", await Kubectl.OkAsync("apply", "--server-side", "--force-conflicts", "-f", file));
        Assert.Equal("2 my-awesome-cron-image", await Kubectl.OkAsync("get", "ct", "my-new-cron-object", "-o", "jsonpath={.spec.replicas} {.spec.image}"));

        var strict = await Kubectl.RunAsync("apply", "-f", Kubectl.WriteFile("bad.yaml", CronTab.Replace("my-new-cron-object", "bad", StringComparison.Ordinal) + "\n  extra: 1\n"));
        Assert.Equal(1, strict.ExitCode);
        Assert.Equal("Error from server (BadRequest): error when creating \"" + Path.Combine(Path.GetDirectoryName(file)!, "bad.yaml")
            + "\": CronTab in version \"v1\" cannot be handled as a CronTab: strict decoding error: unknown field \"spec.extra\"\n", strict.Stderr);

        Assert.Equal("customresourcedefinition.apiextensions.k8s.io \"crontabs.stable.example.com\" deleted\n",
            await Kubectl.OkAsync("delete", "crd", "crontabs.stable.example.com"));
        Assert.Equal("No resources found\n", (await Kubectl.RunAsync("get", "crd")).Stderr);
    }
}
