using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>
/// Pods over HTTP against 1.32's ValidateVolumes, ValidateVolumeMounts, validateContainerPorts, validateEnvVarValueFrom
/// and validateResourceRequirements (pkg/apis/core/validation/validation.go). The expected messages are upstream's.
/// </summary>
public sealed class PodVolumeAndContainerValidationTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    private static string Pod(string container, string volumes = "[]") =>
        "{\"metadata\":{\"name\":\"v\"},\"spec\":{\"volumes\":" + volumes + ",\"containers\":[{\"name\":\"c\",\"image\":\"nginx\"," + container + "}]}}";

    [Theory]
    [InlineData("\"volumeMounts\":[{\"name\":\"nosuch\",\"mountPath\":\"/x\"}]", "[]",
        "spec.containers[0].volumeMounts[0].name: Not found: \"nosuch\"")]
    [InlineData("\"volumeMounts\":[{\"name\":\"v\",\"mountPath\":\"/x\"},{\"name\":\"v\",\"mountPath\":\"/x\"}]", "[{\"name\":\"v\",\"emptyDir\":{}}]",
        "spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/x\": must be unique")]
    [InlineData("\"args\":[]", "[{\"name\":\"v\",\"emptyDir\":{}},{\"name\":\"v\",\"emptyDir\":{}}]", "spec.volumes[1].name: Duplicate value: \"v\"")]
    [InlineData("\"args\":[]", "[{\"name\":\"v\",\"configMap\":{}}]", "spec.volumes[0].configMap.name: Required value")]
    [InlineData("\"args\":[]", "[{\"name\":\"v\",\"emptyDir\":{},\"secret\":{\"secretName\":\"s\"}}]", "spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type")]
    // validateVolumeSource checks emptyDir first, and a refused source's own fields are not looked into.
    [InlineData("\"args\":[]", "[{\"name\":\"v\",\"hostPath\":{\"path\":\"/x\"},\"emptyDir\":{}}]", "spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type")]
    [InlineData("\"args\":[]", "[{\"name\":\"v\",\"emptyDir\":{},\"configMap\":{}}]", "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type")]
    [InlineData("\"env\":[{\"name\":\"A\",\"valueFrom\":{\"configMapKeyRef\":{\"key\":\"k\"}}}]", "[]",
        "spec.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: \"\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("\"resources\":{\"limits\":{\"cpu\":\"100m\"},\"requests\":{\"cpu\":\"200m\"}}", "[]",
        "spec.containers[0].resources.requests: Invalid value: \"200m\": must be less than or equal to cpu limit of 100m")]
    [InlineData("\"ports\":[{\"containerPort\":80,\"protocol\":\"tcp\"}]", "[]",
        "spec.containers[0].ports[0].protocol: Unsupported value: \"tcp\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("\"ports\":[{\"name\":\"web\",\"containerPort\":80},{\"name\":\"web\",\"containerPort\":81}]", "[]",
        "spec.containers[0].ports[1].name: Duplicate value: \"web\"")]
    [InlineData("\"ports\":[{\"containerPort\":0}]", "[]", "spec.containers[0].ports[0].containerPort: Required value")]
    [InlineData("\"env\":[{\"name\":\"A\",\"value\":\"x\",\"valueFrom\":{\"configMapKeyRef\":{\"name\":\"cm\",\"key\":\"k\"}}}]", "[]",
        "spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty")]
    [InlineData("\"env\":[{\"name\":\"A\",\"valueFrom\":{\"secretKeyRef\":{\"name\":\"s\"}}}]", "[]",
        "spec.containers[0].env[0].valueFrom.secretKeyRef.key: Required value")]
    [InlineData("\"restartPolicy\":\"Always\"", "[]", "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers")]
    // RelaxedEnvironmentVariableValidation is beta and on in 1.32: any printable ASCII but '=' (IsRelaxedEnvVarName).
    [InlineData("\"env\":[{\"name\":\"A=B\",\"value\":\"x\"}]", "[]",
        "spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='")]
    [InlineData("\"env\":[{\"name\":\"caf\u00e9\",\"value\":\"x\"}]", "[]",
        "spec.containers[0].env[0].name: Invalid value: \"caf\u00e9\": a valid environment variable name must consist only of printable ASCII characters other than '='")]
    [InlineData("\"env\":[{\"name\":\"\",\"value\":\"x\"}]", "[]",
        "[spec.containers[0].env[0].name: Required value, spec.containers[0].env[0].name: Invalid value: \"\": environment variable name must be non-empty]")]
    // ValidateEnvFrom: the prefix is a relaxed name; one source, named as a ConfigMap or Secret is; the count errors name the list.
    [InlineData("\"envFrom\":[{\"prefix\":\"A=\",\"configMapRef\":{\"name\":\"cm\"}}]", "[]",
        "spec.containers[0].envFrom[0].prefix: Invalid value: \"A=\": a valid environment variable name must consist only of printable ASCII characters other than '='")]
    [InlineData("\"envFrom\":[{\"prefix\":\"P_\"}]", "[]", "spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`")]
    [InlineData("\"envFrom\":[{\"configMapRef\":{\"name\":\"cm\"},\"secretRef\":{\"name\":\"s\"}}]", "[]",
        "spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field specified at a time")]
    [InlineData("\"envFrom\":[{\"configMapRef\":{}}]", "[]", "spec.containers[0].envFrom[0].configMapRef.name: Required value")]
    [InlineData("\"envFrom\":[{\"secretRef\":{\"name\":\"Bad_Name\"}}]", "[]",
        "spec.containers[0].envFrom[0].secretRef.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    public async Task AnInvalidPod_IsRefusedWithUpstreamsMessage(string container, string volumes, string cause) =>
        Assert.Equal($"Pod \"v\" is invalid: {cause}",
            await Server.Http.InvalidMessageAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods", Pod(container, volumes)));

    /// <summary>validateContainersOnlyForPod: a pod's image may not be padded, a template's may (" " was a placeholder in some).</summary>
    [Fact]
    public async Task APaddedImage_IsRefusedInAPod_ButNotInATemplate()
    {
        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods",
            """{"metadata":{"name":"pad"},"spec":{"initContainers":[{"name":"i","image":"busybox\t"}],"containers":[{"name":"c","image":" nginx"}]}}""");
        Assert.Equal("Pod \"pad\" is invalid: [spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing whitespace, "
            + "spec.initContainers[0].image: Invalid value: \"busybox\\t\": must not have leading or trailing whitespace]", message);

        await Server.Http.CreateAsync("/apis/apps/v1/namespaces/default/deployments",
            """{"metadata":{"name":"pad"},"spec":{"replicas":0,"selector":{"matchLabels":{"a":"pad"}},"template":{"metadata":{"labels":{"a":"pad"}},"spec":{"containers":[{"name":"c","image":" "}]}}}}""");
    }

    /// <summary>Names the C identifier rule refused before 1.32 (dots, dashes, a leading digit, spaces) are accepted.</summary>
    [Fact]
    public async Task RelaxedEnvironmentVariableNames_AreAccepted()
    {
        var pod = await Server.Http.CreateAsync("/api/v1/namespaces/default/pods",
            // An envFrom source's name is checked as a prefix (maskTrailingDash), so "settings-" passes.
            Pod("\"env\":[{\"name\":\"1.my-var\",\"value\":\"a\"},{\"name\":\"with space~\",\"value\":\"b\"}],\"envFrom\":[{\"prefix\":\"1.x-\",\"configMapRef\":{\"name\":\"settings-\"}}]"));

        Assert.Equal("1.my-var", pod["spec"]!["containers"]![0]!["env"]![0]!["name"]!.GetValue<string>());
    }

    /// <summary>Sources the defaulting once did not know got an emptyDir beside them, which validation then refused.</summary>
    [Fact]
    public async Task VolumesOfEverySourceKind_AreAccepted_WithoutAnEmptyDirAdded()
    {
        var pod = await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", Pod("\"args\":[]",
            "[{\"name\":\"share\",\"azureFile\":{\"secretName\":\"s\",\"shareName\":\"x\"}},{\"name\":\"lun\",\"iscsi\":{\"targetPortal\":\"10.0.0.1:3260\",\"iqn\":\"iqn.2001-04.com.example:storage\",\"lun\":0}}]"));

        var volumes = pod["spec"]!["volumes"]!.AsArray();
        Assert.All(volumes, v => Assert.Null(v!["emptyDir"]));
    }

    [Fact]
    public async Task AValidPodWithVolumesAndMounts_IsCreated()
    {
        var pod = await Server.Http.CreateAsync("/api/v1/namespaces/default/pods", Pod(
            "\"volumeMounts\":[{\"name\":\"data\",\"mountPath\":\"/data\"},{\"name\":\"cfg\",\"mountPath\":\"/etc/cfg\"}],\"ports\":[{\"name\":\"web\",\"containerPort\":80}],"
            + "\"resources\":{\"limits\":{\"cpu\":\"1\"},\"requests\":{\"cpu\":\"500m\"}}",
            "[{\"name\":\"data\",\"emptyDir\":{}},{\"name\":\"cfg\",\"configMap\":{\"name\":\"settings\"}}]"));

        // The two given, then the ServiceAccount token volume admission adds.
        Assert.Equal(["data", "cfg"], pod["spec"]!["volumes"]!.AsArray().Take(2).Select(v => v.Str("name")));
        Assert.StartsWith("kube-api-access-", pod["spec"]!["volumes"]![2].Str("name"), StringComparison.Ordinal);
    }
}
