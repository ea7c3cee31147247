using k8s.Models;
using MiniApiServer.Application.Admission;

namespace MiniApiServer.UnitTests.Admission;

/// <summary>The RuntimeClass admission plugin's rules (plugin/pkg/admission/runtimeclass/admission.go) on a pod spec.</summary>
public class RuntimeClassAdmissionTests
{
    private static V1RuntimeClass Class(Dictionary<string, ResourceQuantity>? podFixed = null, V1Scheduling? scheduling = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "rc" },
        Handler = "runc",
        Overhead = podFixed is null ? null : new V1Overhead { PodFixed = podFixed },
        Scheduling = scheduling,
    };

    private static V1Toleration Toleration(string key, string effect, string value = "") =>
        new() { Key = key, Effect = effect, Value = value, OperatorProperty = value.Length == 0 ? "Exists" : "Equal" };

    [Fact]
    public void Admit_WithoutAClass_ChangesNothing()
    {
        var spec = new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["a"] = "b" } };

        Assert.Null(RuntimeClassAdmission.Admit(null, spec));

        Assert.Equal(new Dictionary<string, string> { ["a"] = "b" }, spec.NodeSelector);
        Assert.Null(spec.Overhead);
        Assert.Null(spec.Tolerations);
    }

    [Fact]
    public void Admit_CopiesTheOverhead_AndKeepsAnEqualOne()
    {
        var rc = Class(new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("1Gi") });
        var spec = new V1PodSpec();

        Assert.Null(RuntimeClassAdmission.Admit(rc, spec));
        Assert.Equal(["cpu", "memory"], spec.Overhead!.Keys.Order());
        Assert.NotSame(rc.Overhead!.PodFixed, spec.Overhead);

        var equal = new V1PodSpec { Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("0.25"), ["memory"] = new("1024Mi") } };
        Assert.Null(RuntimeClassAdmission.Admit(rc, equal));
        Assert.Equal("250m", equal.Overhead!["cpu"].ToString());
    }

    [Fact]
    public void Admit_RefusesADifferentOverhead()
    {
        var rc = Class(new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m") });
        var spec = new V1PodSpec { Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("250m"), ["memory"] = new("1Mi") } };

        Assert.Equal("pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead", RuntimeClassAdmission.Admit(rc, spec));
    }

    [Fact]
    public void Admit_MergesTheNodeSelector_OrNamesTheConflict()
    {
        var rc = Class(scheduling: new V1Scheduling { NodeSelector = new Dictionary<string, string> { ["sandbox"] = "gvisor" } });
        var empty = new V1PodSpec();
        var agreeing = new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd", ["sandbox"] = "gvisor" } };
        var conflicting = new V1PodSpec { NodeSelector = new Dictionary<string, string> { ["sandbox"] = "kata" } };

        Assert.Null(RuntimeClassAdmission.Admit(rc, empty));
        Assert.Null(RuntimeClassAdmission.Admit(rc, agreeing));
        var refusal = RuntimeClassAdmission.Admit(rc, conflicting);

        Assert.Equal(new Dictionary<string, string> { ["sandbox"] = "gvisor" }, empty.NodeSelector);
        Assert.NotSame(rc.Scheduling!.NodeSelector, empty.NodeSelector);
        Assert.Equal(new Dictionary<string, string> { ["disk"] = "ssd", ["sandbox"] = "gvisor" }, agreeing.NodeSelector);
        Assert.Equal("conflict: runtimeClass.scheduling.nodeSelector[sandbox] = gvisor; pod.spec.nodeSelector[sandbox] = kata", refusal);
    }

    /// <summary>pkg/util/tolerations/tolerations_test.go's cases, in its words: the pod's first, a subset dropped, equals once.</summary>
    [Fact]
    public void MergeTolerations_KeepsThePodsFirst_AndDropsOnlyWhatAnotherCovers()
    {
        var pod = new List<V1Toleration> { Toleration("a", "NoSchedule"), Toleration("b", "NoSchedule", "1"), Toleration("dedicated", "NoSchedule", "gpu") };
        var runtimeClass = new List<V1Toleration>
        {
            Toleration("a", "NoSchedule", "class"), Toleration("b", "NoSchedule", "2"), Toleration("dedicated", "NoSchedule", "sandbox"),
            Toleration("b", "NoSchedule", "1"), Toleration("c", ""),
        };

        var merged = RuntimeClassAdmission.MergeTolerations(pod, runtimeClass)!;

        // a=class is covered by the pod's a (Exists); b=1 is the pod's own again; two values of one key both stay.
        Assert.Equal(["a:NoSchedule=", "b:NoSchedule=1", "dedicated:NoSchedule=gpu", "b:NoSchedule=2", "dedicated:NoSchedule=sandbox", "c:="],
            merged.Select(t => $"{t.Key}:{t.Effect}={t.Value}"));
        Assert.DoesNotContain(merged, t => runtimeClass.Any(c => ReferenceEquals(c, t)));
        Assert.Null(RuntimeClassAdmission.MergeTolerations(null, null));
    }

    [Fact]
    public void MergeTolerations_AnEmptyKeyWithExists_CoversEveryToleration_AndALongerNoExecuteWindowCoversAShorter()
    {
        var everything = new V1Toleration { OperatorProperty = "Exists" };
        Assert.Equal([":="], RuntimeClassAdmission.MergeTolerations([Toleration("a", "NoSchedule", "1")], [everything])!.Select(t => $"{t.Key}:{t.Effect}={t.Value}"));

        V1Toleration Evict(long? seconds) => new() { Key = "k", OperatorProperty = "Exists", Effect = "NoExecute", TolerationSeconds = seconds };
        Assert.Equal([60L], RuntimeClassAdmission.MergeTolerations([Evict(30)], [Evict(60)])!.Select(t => t.TolerationSeconds));
        Assert.Equal([60L], RuntimeClassAdmission.MergeTolerations([Evict(60)], [Evict(30)])!.Select(t => t.TolerationSeconds));
        // No tolerationSeconds tolerates the taint for ever, which covers any window.
        Assert.Equal([(long?)null], RuntimeClassAdmission.MergeTolerations([Evict(60)], [Evict(null)])!.Select(t => t.TolerationSeconds));
    }

    [Fact]
    public void Validate_WantsTheClassesOverheadExactly_AndNoneWithoutOne()
    {
        var withOverhead = Class(new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") });
        var without = Class();

        Assert.Null(RuntimeClassAdmission.Validate(withOverhead, new V1PodSpec { Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1000m") } }));
        // validateOverhead looks only at a pod that has an overhead (len(pod.Spec.Overhead) == 0 returns nil).
        Assert.Null(RuntimeClassAdmission.Validate(withOverhead, new V1PodSpec()));
        Assert.Null(RuntimeClassAdmission.Validate(without, new V1PodSpec { Overhead = new Dictionary<string, ResourceQuantity>() }));
        Assert.Null(RuntimeClassAdmission.Validate(without, new V1PodSpec()));
        Assert.Null(RuntimeClassAdmission.Validate(null, new V1PodSpec()));
        Assert.Equal("pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead",
            RuntimeClassAdmission.Validate(without, new V1PodSpec { Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1") } }));
    }
}
