using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Certificates;

/// <summary>The real kubectl against CSRs: certificate approve (PUT /approval) and get's printers.go columns.</summary>
public sealed class CertificateKubectlTests : ServerTest
{
    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [KubectlFact]
    public async Task KubectlCertificateApprove_ThenGetCsr_ShowsApprovedAndIssued()
    {
        var (request, key) = CsrRequests.New("CN=jane");
        using var _ = key;
        await Server.Http.CreateAsync(CsrRequests.Collection, CsrRequests.Body("jane", request, "kubernetes.io/kube-apiserver-client", extra: ",\"expirationSeconds\":7200"));

        Assert.Equal("certificatesigningrequest.certificates.k8s.io/jane approved", (await Kubectl.OkAsync("certificate", "approve", "jane")).Trim());

        var table = await Eventually.Get(() => Kubectl.OkAsync("get", "csr"), t => t.Contains("Approved,Issued", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "issued");
        var lines = table.Trim().Split('\n');
        Assert.Equal(["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // HumanDuration spells anything under three hours in minutes.
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(("jane", "kubernetes.io/kube-apiserver-client", "system:unsecured", "120m", "Approved,Issued"), (row[0], row[2], row[3], row[4], row[5]));
    }
}
