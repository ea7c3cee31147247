using System.Collections.Concurrent;
using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.Application.CustomResources;

/// <summary>
/// One `x-kubernetes-validations` rule compiled (apiextensions-apiserver pkg/apiserver/schema/cel/compilation.go): its
/// program, whether it is a transition rule (it reads `oldSelf`), and its messageExpression's program; or the
/// compilation error a CRD write is refused with.
/// </summary>
internal sealed record CompiledRule(CelProgram? Program, bool UsesOldSelf, CelProgram? MessageExpression, string? Error)
{
    private static readonly IReadOnlySet<string> SelfOnly = new HashSet<string>(StringComparer.Ordinal) { "self" };

    private static readonly IReadOnlySet<string> WithOldSelf = new HashSet<string>(StringComparer.Ordinal) { "self", "oldSelf" };

    // Keyed by the texts: every write of a custom resource would otherwise parse each rule of its schema again.
    private static readonly ConcurrentDictionary<(string Rule, string? MessageExpression), CompiledRule> Cache = new();

    // Bounded in count and in the size of what it keeps: a CRD write that is refused or a dry run also compiles its rules.
    private const int MaxCached = 2_000;
    private const int MaxCachedLength = 4_096;

    public static CompiledRule Of(string rule, string? messageExpression) =>
        Cache.Count < MaxCached && rule.Length + (messageExpression?.Length ?? 0) <= MaxCachedLength
            ? Cache.GetOrAdd((rule, messageExpression), static key => Compile(key.Rule, key.MessageExpression))
            : Compile(rule, messageExpression);

    private static CompiledRule Compile(string rule, string? messageExpression)
    {
        CelProgram program;
        try
        {
            program = CelProgram.Compile(rule, WithOldSelf);
        }
        catch (CelException ex)
        {
            return new CompiledRule(null, false, null, "compilation failed: " + ex.Message);
        }
        CelProgram? message = null;
        if (!string.IsNullOrWhiteSpace(messageExpression))
        {
            try
            {
                message = CelProgram.Compile(messageExpression, WithOldSelf);
            }
            catch (CelException ex)
            {
                return new CompiledRule(null, false, null, "messageExpression compilation failed: " + ex.Message);
            }
        }
        return new CompiledRule(program, ReadsOldSelf(rule), message, null);
    }

    /// <summary>Whether the rule names oldSelf: compiled without it declared, it fails on exactly that name.</summary>
    private static bool ReadsOldSelf(string rule)
    {
        try
        {
            CelProgram.Compile(rule, SelfOnly);
            return false;
        }
        catch (CelException ex) when (ex.Message.Contains("'oldSelf'", StringComparison.Ordinal))
        {
            return true;
        }
    }
}
