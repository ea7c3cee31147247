namespace MiniApiServer.Controllers.Certificates;

/// <summary>
/// The CA bundle published as <c>kube-root-ca.crt</c> (kube-controller-manager's --root-ca-file, else the CA data of
/// its own kubeconfig). Empty when the server has no CA, as the controller manager publishes with an insecure kubeconfig.
/// </summary>
public sealed record RootCaBundle(string Pem);
