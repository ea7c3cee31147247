namespace MiniApiServer.Application.Admission.PodSecurity;

/// <summary>
/// One check's verdict on a pod (policy/checks.go CheckResult): when not allowed, a short reason ("host namespaces")
/// and a detail naming what violates it ("hostNetwork=true").
/// </summary>
public readonly record struct CheckResult(bool Allowed, string ForbiddenReason = "", string ForbiddenDetail = "")
{
    public static readonly CheckResult Allow = new(true);

    public static CheckResult Forbid(string reason, string detail) => new(false, reason, detail);
}
