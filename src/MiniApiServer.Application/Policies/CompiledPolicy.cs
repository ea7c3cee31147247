using k8s.Models;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.Policies;

/// <summary>
/// A ValidatingAdmissionPolicy with its expressions compiled once per version of it, and the bindings that name it
/// (generic/policy_source.go's hook). An expression that does not compile is the policy's configuration error, which
/// its failurePolicy decides on for every write the policy matches, as upstream's hook.ConfigurationError.
/// </summary>
internal sealed class CompiledPolicy
{
    private CompiledPolicy(V1ValidatingAdmissionPolicy policy, IReadOnlyList<V1ValidatingAdmissionPolicyBinding> bindings)
    {
        Policy = policy;
        Bindings = bindings;
    }

    public V1ValidatingAdmissionPolicy Policy { get; }

    public string Name => Policy.Metadata?.Name ?? "";

    public V1ValidatingAdmissionPolicySpec Spec => Policy.Spec ?? new V1ValidatingAdmissionPolicySpec();

    /// <summary>Fail unless the policy says Ignore (the API defaults it; a stored object without one is taken as Fail, as dispatcher.go does).</summary>
    public bool IgnoresFailures => Spec.FailurePolicy == "Ignore";

    public IReadOnlyList<V1ValidatingAdmissionPolicyBinding> Bindings { get; }

    public string? ConfigurationError { get; private init; }

    public IReadOnlyList<(string Expression, CelProgram Program)> MatchConditions { get; private init; } = [];

    public IReadOnlyList<(string Name, CelProgram Program)> Variables { get; private init; } = [];

    public IReadOnlyList<CompiledValidation> Validations { get; private init; } = [];

    public IReadOnlyList<(string Key, string Expression, CelProgram Program)> AuditAnnotations { get; private init; } = [];

    public static CompiledPolicy Compile(V1ValidatingAdmissionPolicy policy, IReadOnlyList<V1ValidatingAdmissionPolicyBinding> bindings)
    {
        var spec = policy.Spec ?? new V1ValidatingAdmissionPolicySpec();
        try
        {
            return new CompiledPolicy(policy, bindings)
            {
                MatchConditions = [.. (spec.MatchConditions ?? []).Select(c => (c.Expression ?? "", CelProgram.Compile(c.Expression ?? "")))],
                Variables = [.. (spec.Variables ?? []).Select(v => (v.Name ?? "", CelProgram.Compile(v.Expression ?? "")))],
                Validations = [.. (spec.Validations ?? []).Select(CompiledValidation.Compile)],
                AuditAnnotations = [.. (spec.AuditAnnotations ?? []).Select(a => (a.Key ?? "", a.ValueExpression ?? "", CelProgram.Compile(a.ValueExpression ?? "")))],
            };
        }
        catch (CelException ex)
        {
            return new CompiledPolicy(policy, bindings) { ConfigurationError = "compilation failed: " + ex.Message };
        }
    }
}
