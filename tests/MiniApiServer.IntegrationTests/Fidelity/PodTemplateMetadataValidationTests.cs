using System.Net;
using System.Text;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// A workload's pod template labels and annotations are validated as a pod's own metadata is
/// (ValidatePodTemplateSpec, pkg/apis/core/validation/validation.go): the controller would otherwise make pods and
/// ControllerRevisions that the API refuses, and fail on every sync.
/// </summary>
public sealed class PodTemplateMetadataValidationTests : ServerTest
{
    private const string Template = """
        "template":{"metadata":{"labels":{"app":"t","bad":"not a label value!"},"annotations":{"-bad-key-":"v"}},
                    "spec":{"containers":[{"name":"c","image":"i"}]RESTART}}
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Theory]
    [InlineData("/apis/apps/v1/namespaces/default/daemonsets", "DaemonSet", """{"selector":{"matchLabels":{"app":"t"}},TEMPLATE}""", "")]
    [InlineData("/apis/apps/v1/namespaces/default/deployments", "Deployment", """{"selector":{"matchLabels":{"app":"t"}},TEMPLATE}""", "")]
    [InlineData("/apis/apps/v1/namespaces/default/replicasets", "ReplicaSet", """{"selector":{"matchLabels":{"app":"t"}},TEMPLATE}""", "")]
    [InlineData("/apis/batch/v1/namespaces/default/jobs", "Job", """{TEMPLATE}""", ""","restartPolicy":"Never" """)]
    public async Task InvalidTemplateLabelValueAndAnnotationKey_Get422_AndNothingIsStored(string collection, string kind, string spec, string restart)
    {
        var group = collection.StartsWith("/apis/batch", StringComparison.Ordinal) ? "batch/v1" : "apps/v1";
        var body = $$"""{"apiVersion":"{{group}}","kind":"{{kind}}","metadata":{"name":"w"},"spec":{{spec.Replace("TEMPLATE", Template.Replace("RESTART", restart, StringComparison.Ordinal), StringComparison.Ordinal)}}}""";

        using var response = await Server.Http.PostAsync(collection, new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, text);
        Assert.Contains("spec.template.labels: Invalid value: \\\"not a label value!\\\"", text, StringComparison.Ordinal);
        Assert.Contains("spec.template.annotations: Invalid value: \\\"-bad-key-\\\"", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync(collection + "/w")).StatusCode);
    }
}
