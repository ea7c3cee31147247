using k8s.Models;
using MiniApiServer.Application.Admission;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>
/// Each container error names its field as ValidatePodSpec does (pkg/apis/core/validation/validation.go), whichever
/// container and sub-field it is in, in validateContainerCommon's order (name, image, ports, env, pull policy,
/// resources) and then the probes; the paths are built only when reported. Ports carry the protocol defaulting gives them.
/// </summary>
public sealed class PodSpecValidationPathTests
{
    [Fact]
    public void ContainerErrors_NameTheirContainerAndField()
    {
        var spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container { Name = "ok", Image = "nginx", Env = [new V1EnvVar { Name = "A" }] },
                new V1Container
                {
                    Name = "Bad_Name",
                    Image = "",
                    ImagePullPolicy = "Sometimes",
                    Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "TCP" }, new V1ContainerPort { ContainerPort = 70000, Protocol = "TCP" }],
                    Env = [new V1EnvVar { Name = "A" }, new V1EnvVar { Name = "" }],
                    Resources = new V1ResourceRequirements
                    {
                        Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("-1"), ["memory"] = new("1Gi") },
                        Requests = new Dictionary<string, ResourceQuantity> { ["memory"] = new("-2Gi") },
                    },
                    LivenessProbe = new V1Probe(),
                },
            ],
            InitContainers = [new V1Container { Name = "ok", Image = "busybox" }],
        };
        var errors = new FieldErrors();

        PodSpecValidation.Validate(spec, "spec", errors);

        Assert.Equal(
            [
                "FieldValueInvalid spec.containers[1].name",
                "FieldValueRequired spec.containers[1].image",
                "FieldValueInvalid spec.containers[1].ports[1].containerPort",
                "FieldValueRequired spec.containers[1].env[1].name",
                // ValidateEnv adds IsRelaxedEnvVarName's "environment variable name must be non-empty" to the Required.
                "FieldValueInvalid spec.containers[1].env[1].name",
                "FieldValueNotSupported spec.containers[1].imagePullPolicy",
                "FieldValueInvalid spec.containers[1].resources.limits[cpu]",
                "FieldValueInvalid spec.containers[1].resources.requests[memory]",
                "FieldValueRequired spec.containers[1].livenessProbe",
                "FieldValueDuplicate spec.initContainers[0].name",
            ],
            errors.Causes.Select(c => $"{c.Reason} {c.Field}"));
    }

    [Fact]
    public void ValidContainers_ReportNothing()
    {
        var spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Image = "nginx",
                    Ports = [new V1ContainerPort { ContainerPort = 80, Protocol = "TCP" }],
                    Env = [new V1EnvVar { Name = "A", Value = "1" }],
                    Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m") } },
                    ReadinessProbe = new V1Probe { HttpGet = new V1HTTPGetAction { Port = 80, Path = "/" } },
                },
            ],
        };
        var errors = new FieldErrors();

        PodSpecValidation.Validate(spec, "spec", errors);

        Assert.Empty(errors.Causes);
    }
    [Fact]
    public void ProbeLifecycleTolerationAndAffinityErrors_NameTheirFields()
    {
        var spec = new V1PodSpec
        {
            Containers =
            [
                new V1Container
                {
                    Name = "c",
                    Image = "nginx",
                    ReadinessProbe = new V1Probe { Exec = new V1ExecAction(), HttpGet = new V1HTTPGetAction { Port = 80 } },
                    StartupProbe = new V1Probe { TcpSocket = new V1TCPSocketAction { Port = 70000 }, PeriodSeconds = -1 },
                    Lifecycle = new V1Lifecycle
                    {
                        PostStart = new V1LifecycleHandler(),
                        PreStop = new V1LifecycleHandler { HttpGet = new V1HTTPGetAction { Port = "bad--name", Scheme = "FTP" } },
                    },
                },
            ],
            Tolerations =
            [
                new V1Toleration { Key = "k", Effect = "NoSchedule", TolerationSeconds = 5 },
                new V1Toleration { Key = "k", OperatorProperty = "Maybe" },
            ],
            Affinity = new V1Affinity { NodeAffinity = new V1NodeAffinity { RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector { NodeSelectorTerms = [] } } },
        };
        var errors = new FieldErrors();

        PodSpecValidation.Validate(spec, "spec.template.spec", errors);

        Assert.Equal(
            [
                "FieldValueRequired spec.template.spec.containers[0].readinessProbe.exec.command",
                "FieldValueForbidden spec.template.spec.containers[0].readinessProbe.httpGet",
                "FieldValueInvalid spec.template.spec.containers[0].startupProbe.tcpSocket.port",
                "FieldValueInvalid spec.template.spec.containers[0].startupProbe.periodSeconds",
                "FieldValueRequired spec.template.spec.containers[0].lifecycle.postStart",
                "FieldValueInvalid spec.template.spec.containers[0].lifecycle.preStop.httpGet.port",
                "FieldValueNotSupported spec.template.spec.containers[0].lifecycle.preStop.httpGet.scheme",
                "FieldValueRequired spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms",
                "FieldValueInvalid spec.template.spec.tolerations[0].effect",
                "FieldValueNotSupported spec.template.spec.tolerations[1].operator",
            ],
            errors.Causes.Select(c => $"{c.Reason} {c.Field}"));
        Assert.Equal(
            ["Invalid value: 70000: must be between 1 and 65535, inclusive", "Invalid value: \"bad--name\": must not contain consecutive hyphens"],
            errors.Causes.Where(c => c.Field.EndsWith(".port", StringComparison.Ordinal)).Select(c => c.Message));
    }

    /// <summary>
    /// ValidateRuntimeClassName and validateOverhead, which reuses ValidateResourceRequirements with the overhead as its
    /// limits (hence ".limits[...]"); ValidateTolerations checks a key, an empty key's operator and an Equal's value.
    /// </summary>
    [Fact]
    public void RuntimeClassNameOverheadAndTolerations_AreCheckedAsUpstream()
    {
        var spec = new V1PodSpec
        {
            Containers = [new V1Container { Name = "c", Image = "nginx" }],
            Tolerations =
            [
                new V1Toleration { Key = "bad key", OperatorProperty = "Exists" },
                new V1Toleration { OperatorProperty = "Equal" },
                new V1Toleration { Key = "k", Value = "-v" },
            ],
            RuntimeClassName = "Kata_Fc",
            Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("-1"), ["memory"] = new("1Gi") },
        };
        var errors = new FieldErrors();

        PodSpecValidation.Validate(spec, "spec", errors);

        Assert.Equal(
            [
                "FieldValueInvalid spec.tolerations[0].key",
                "FieldValueInvalid spec.tolerations[1].operator",
                "FieldValueInvalid spec.tolerations[2].operator",
                "FieldValueInvalid spec.runtimeClassName",
                "FieldValueInvalid spec.overhead.limits[cpu]",
            ],
            errors.Causes.Select(c => $"{c.Reason} {c.Field}"));
        Assert.EndsWith(": must be greater than or equal to 0", errors.Causes[^1].Message, StringComparison.Ordinal);
    }
}
