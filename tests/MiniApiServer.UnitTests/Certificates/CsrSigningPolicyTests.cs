using System.Security.Cryptography.X509Certificates;
using MiniApiServer.Controllers.Certificates;

namespace MiniApiServer.UnitTests.Certificates;

/// <summary>signer.go's per-signer checks (helpers.go ValidateKubeletClientCSR and friends) and its duration rule.</summary>
public sealed class CsrSigningPolicyTests
{
    private static readonly SubjectAltNames None = new(0, 0, 0, 0);

    [Theory]
    [InlineData("kubernetes.io/kube-apiserver-client-kubelet", "CN=system:node:n1,O=system:nodes", new[] { "digital signature", "client auth" }, null)]
    [InlineData("kubernetes.io/kube-apiserver-client-kubelet", "CN=system:node:n1,O=dev", new[] { "digital signature", "client auth" }, "subject organization is not system:nodes")]
    [InlineData("kubernetes.io/kube-apiserver-client-kubelet", "CN=jane,O=system:nodes", new[] { "digital signature", "client auth" }, "subject common name does not begin with system:node:")]
    [InlineData("kubernetes.io/kube-apiserver-client-kubelet", "CN=system:node:n1,O=system:nodes", new[] { "client auth" }, "usages did not match [client auth digital signature key encipherment]")]
    [InlineData("kubernetes.io/kube-apiserver-client", "CN=jane", new[] { "client auth", "server auth" }, "invalid usage for client certificate: server auth")]
    [InlineData("kubernetes.io/kube-apiserver-client", "CN=jane", new[] { "digital signature" }, "missing required usage for client certificate: client auth")]
    [InlineData("kubernetes.io/kubelet-serving", "CN=system:node:n1,O=system:nodes", new[] { "digital signature", "server auth" }, "DNS or IP subjectAltName is required")]
    [InlineData("kubernetes.io/legacy-unknown", "CN=anything", new[] { "any" }, null)]
    public void EachSigner_HasItsRules(string signer, string subject, string[] usages, string? violation) =>
        Assert.Equal(violation, CsrSigningPolicy.Violation(signer, new X500DistinguishedName(subject), None, usages));

    [Fact]
    public void KubeletClients_MayCarryNoSubjectAltNames() =>
        Assert.Equal("IP subjectAltNames are not allowed",
            CsrSigningPolicy.Violation("kubernetes.io/kube-apiserver-client-kubelet", new X500DistinguishedName("CN=system:node:n1,O=system:nodes"), new(0, 0, 1, 0), ["digital signature", "client auth"]));

    [Theory]
    [InlineData(null, 8760 * 3600)]
    [InlineData(3600, 3600)]
    [InlineData(60, 600)]
    [InlineData(int.MaxValue, 8760 * 3600)]
    public void Duration_IsTheRequestWithinTenMinutesAndTheMaximum(int? requested, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), CsrSigningPolicy.Duration(requested, TimeSpan.FromDays(365)));
}
