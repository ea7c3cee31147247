using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;
using static MiniApiServer.IntegrationTests.Webhooks.WebhookKit;

namespace MiniApiServer.IntegrationTests.Webhooks;

/// <summary>A webhook as a kubectl user installs it and meets it: apply, get, a refused run, a mutated one.</summary>
public sealed class WebhookKubectlTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task Apply_Get_AndARefusal_AsKubectlPrintsThem()
    {
        await using var webhook = await WebhookServer.StartAsync((_, request) => Task.FromResult<JsonObject?>(
            request["object"]?["spec"]?["containers"]?[0]?["image"]?.ToString() == "latest-everything"
                ? new JsonObject { ["allowed"] = false, ["status"] = new JsonObject { ["code"] = 403, ["reason"] = "Forbidden", ["message"] = "image tag policy: pin your images" } }
                : null));
        var file = Kubectl.WriteFile("policy.yaml", $"""
            apiVersion: admissionregistration.k8s.io/v1
            kind: ValidatingWebhookConfiguration
            metadata:
              name: image-policy
            webhooks:
            - name: images.policy.example.com
              clientConfig:
                url: {webhook.Url("/validate")}
                caBundle: {webhook.CaBundle}
              rules:
              - operations: ["CREATE"]
                apiGroups: [""]
                apiVersions: ["v1"]
                resources: ["pods"]
                scope: "*"
              sideEffects: None
              admissionReviewVersions: ["v1"]
            """);
        Assert.Equal("validatingwebhookconfiguration.admissionregistration.k8s.io/image-policy created\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Matches(@"^NAME\s+WEBHOOKS\s+AGE\nimage-policy\s+1\s+\d+s\n$", await Kubectl.OkAsync("get", "validatingwebhookconfigurations"));

        var (exit, _, stderr) = await Kubectl.RunAsync("run", "bad", "--image=latest-everything");
        Assert.Equal(1, exit);
        Assert.Equal("Error from server (Forbidden): admission webhook \"images.policy.example.com\" denied the request: image tag policy: pin your images\n", stderr);
        Assert.Equal("pod/good created\n", await Kubectl.OkAsync("run", "good", "--image=nginx:1.27"));
        // webhooks merge by name; rules are atomic, so a rule without its defaulted scope would be "configured" on every apply.
        Assert.Equal("validatingwebhookconfiguration.admissionregistration.k8s.io/image-policy unchanged\n", await Kubectl.OkAsync("apply", "-f", file));
        Assert.Equal(2, webhook.Received.Count);
    }
}
