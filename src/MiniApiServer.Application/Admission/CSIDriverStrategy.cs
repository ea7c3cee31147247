using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// pkg/registry/storage/csidriver/strategy.go, SetDefaults_CSIDriver (pkg/apis/storage/v1/defaults.go) and
/// ValidateCSIDriver/Update (pkg/apis/storage/validation/validation.go) as of 1.32: every boolean defaulted and then
/// required, attachRequired and volumeLifecycleModes fixed after creation (fsGroupPolicy and podInfoOnMount are
/// mutable since 1.29), and a spec change bumps the generation.
/// </summary>
public sealed class CSIDriverStrategy(ResourceType type) : TypedStrategy<V1CSIDriver>(type)
{
    private const string Persistent = "Persistent";
    private static readonly string[] FsGroupPolicies = ["File", "None", "ReadWriteOnceWithFSType"];
    private static readonly string[] LifecycleModes = [Persistent, "Ephemeral"];
    private const long MinTokenSeconds = 10 * 60;
    private const long MaxTokenSeconds = 1L << 32;

    protected override void PrepareForCreate(V1CSIDriver driver, DateTimeOffset now) => Default(driver);

    protected override void PrepareForUpdate(V1CSIDriver driver, V1CSIDriver old, bool statusOnly)
    {
        Default(driver);
        // Unlike most kinds, a new CSIDriver has no generation (PrepareForCreate sets none), so the first change makes it 1.
        if (!Semantic.DeepEqual(driver.Spec, old.Spec))
        {
            driver.Metadata.Generation = (old.Metadata.Generation ?? 0) + 1;
        }
    }

    protected override void Validate(V1CSIDriver driver, FieldErrors errors)
    {
        var spec = driver.Spec ?? new V1CSIDriverSpec();
        // Upstream's path says "attachedRequired" (sic), and kubectl users see that spelling.
        RequiredFlag(spec.AttachRequired, "spec.attachedRequired", errors);
        RequiredFlag(spec.PodInfoOnMount, "spec.podInfoOnMount", errors);
        RequiredFlag(spec.StorageCapacity, "spec.storageCapacity", errors);
        if (spec.FsGroupPolicy is { } policy && !FsGroupPolicies.Contains(policy))
        {
            errors.NotSupported("spec.fsGroupPolicy", policy, FsGroupPolicies);
        }
        ValidateTokenRequests(spec.TokenRequests, errors);
        foreach (var mode in (spec.VolumeLifecycleModes ?? []).Where(m => !LifecycleModes.Contains(m)))
        {
            errors.NotSupported("spec.volumeLifecycleModes", mode, LifecycleModes);
        }
        // SELinuxMountReadWriteOncePod is beta and on in 1.32, so validateSELinuxMount requires the (defaulted) flag.
        RequiredFlag(spec.SeLinuxMount, "spec.seLinuxMount", errors);
    }

    /// <summary>The strategy's ValidateUpdate is ValidateCSIDriverUpdate alone: the spec's rules, then the two immutable fields.</summary>
    protected override void ValidateUpdate(V1CSIDriver driver, V1CSIDriver old, FieldErrors errors)
    {
        Validate(driver, errors);
        var spec = driver.Spec ?? new V1CSIDriverSpec();
        var oldSpec = old.Spec ?? new V1CSIDriverSpec();
        if (spec.AttachRequired != oldSpec.AttachRequired)
        {
            errors.Immutable("spec.attachedRequired", spec.AttachRequired);
        }
        if (!(spec.VolumeLifecycleModes ?? []).SequenceEqual(oldSpec.VolumeLifecycleModes ?? []))
        {
            errors.Immutable("spec.volumeLifecycleModes", Modes(spec.VolumeLifecycleModes));
        }
    }

    /// <summary>SetDefaults_CSIDriver, and the fields 1.32's decoder does not know dropped.</summary>
    private static void Default(V1CSIDriver driver)
    {
        var spec = driver.Spec ??= new V1CSIDriverSpec();
        spec.AttachRequired ??= true;
        spec.PodInfoOnMount ??= false;
        spec.StorageCapacity ??= false;
        spec.FsGroupPolicy ??= "ReadWriteOnceWithFSType";
        if (spec.VolumeLifecycleModes is not { Count: > 0 })
        {
            spec.VolumeLifecycleModes = [Persistent];
        }
        spec.RequiresRepublish ??= false;
        spec.SeLinuxMount ??= false;
        spec.NodeAllocatableUpdatePeriodSeconds = null;
        spec.PreventPodSchedulingIfMissing = null;
        spec.ServiceAccountTokenInSecrets = null;
    }

    private static void RequiredFlag(bool? value, string path, FieldErrors errors)
    {
        if (value is null)
        {
            errors.Required(path);
        }
    }

    /// <summary>validateTokenRequests: one request per audience, each lasting from ten minutes to 2^32 seconds.</summary>
    private static void ValidateTokenRequests(IList<Storagev1TokenRequest>? requests, FieldErrors errors)
    {
        var audiences = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (requests?.Count ?? 0); i++)
        {
            var request = requests![i];
            var path = $"spec.tokenRequests[{i}]";
            if (!audiences.Add(request.Audience ?? ""))
            {
                errors.Duplicate($"{path}.audience", request.Audience ?? "");
                continue;
            }
            if (request.ExpirationSeconds is not { } seconds)
            {
                continue;
            }
            if (seconds < MinTokenSeconds)
            {
                errors.Invalid($"{path}.expirationSeconds", seconds, "may not specify a duration less than 10 minutes");
            }
            if (seconds > MaxTokenSeconds)
            {
                errors.Invalid($"{path}.expirationSeconds", seconds, "may not specify a duration larger than 2^32 seconds");
            }
        }
    }

    // %#v of a []storage.VolumeLifecycleMode.
    private static GoSyntax Modes(IList<string>? modes) => modes is null
        ? new GoSyntax("[]storage.VolumeLifecycleMode(nil)")
        : new GoSyntax($"[]storage.VolumeLifecycleMode{{{string.Join(", ", modes.Select(GoSyntax.Quote))}}}");
}
