namespace MiniApiServer.Application.Policies;

/// <summary>
/// validating/interface.go PolicyDecision: one validation's outcome (or one evaluation error's, decided by the
/// failure policy), the message a refusal or warning shows and the reason a refusal's Status carries. An audit
/// annotation's error (<paramref name="AuditAnnotation"/>) refuses whatever the binding's validationActions say, as
/// dispatcher.go adds it to the denied decisions directly.
/// </summary>
internal sealed record PolicyDecision(bool Deny, bool EvaluationError, string Message, string Reason = "Invalid", bool AuditAnnotation = false)
{
    /// <summary>The validation's index in the policy, as the Audit action's validation_failure annotation names it.</summary>
    public int ExpressionIndex { get; init; }
}
