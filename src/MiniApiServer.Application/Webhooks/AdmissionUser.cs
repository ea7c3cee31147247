namespace MiniApiServer.Application.Webhooks;

/// <summary>Who a write is for, as an AdmissionReview's userInfo names it (authentication/v1 UserInfo).</summary>
public sealed record AdmissionUser(string Username, string Uid, IReadOnlyList<string> Groups, IReadOnlyDictionary<string, IReadOnlyList<string>> Extra)
{
    /// <summary>
    /// The in-process control loops' writes. Upstream each controller writes as its own service account through
    /// kube-controller-manager's client; here they share one identity.
    /// </summary>
    public static AdmissionUser ControlPlane { get; } =
        new("system:kube-controller-manager", "", ["system:authenticated"], new Dictionary<string, IReadOnlyList<string>>());
}
