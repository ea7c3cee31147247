using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using MiniApiServer.Controllers.Certificates;

namespace MiniApiServer.UnitTests.Certificates;

/// <summary>cleaner.go's expirations, each on either side of its deadline.</summary>
public sealed class CsrCleanupPolicyTests
{
    private static readonly DateTime Now = new(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc);

    private static V1CertificateSigningRequest Csr(TimeSpan age, string? condition = null, TimeSpan? conditionAge = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = "c", CreationTimestamp = Now - age },
        Status = new V1CertificateSigningRequestStatus
        {
            Conditions = condition is null ? null : [new V1CertificateSigningRequestCondition { Type = condition, Status = "True", LastUpdateTime = Now - conditionAge }],
        },
    };

    [Theory]
    [InlineData(23, null, 0, false)]
    [InlineData(25, null, 0, true)]
    [InlineData(30, "Approved", 0.5, false)]
    // Approved but never issued (an out-of-tree signer's): isIssuedPastDeadline needs a certificate, so it stays.
    [InlineData(30, "Approved", 1.5, false)]
    // Only a request with no condition at all is pending for the 24-hour rule.
    [InlineData(30, "Custom", 0, false)]
    [InlineData(2, "Denied", 1.5, true)]
    [InlineData(2, "Failed", 0.5, false)]
    public void Requests_GoAfterTheirExpiration(double ageHours, string? condition, double conditionHours, bool stale) =>
        Assert.Equal(stale, CsrCleanupPolicy.IsStale(Csr(TimeSpan.FromHours(ageHours), condition, TimeSpan.FromHours(conditionHours)), Now));

    [Fact]
    public void AnIssuedCertificate_GoesAnHourAfterItsApproval()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var valid = new CertificateRequest("CN=c", key, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddDays(-2), Now.AddDays(30));
        var csr = Csr(TimeSpan.FromHours(3), "Approved", TimeSpan.FromHours(1.5));
        csr.Status.Certificate = Encoding.ASCII.GetBytes(valid.ExportCertificatePem());
        Assert.True(CsrCleanupPolicy.IsStale(csr, Now));
        csr.Status.Conditions[0].LastUpdateTime = Now.AddMinutes(-30);
        Assert.False(CsrCleanupPolicy.IsStale(csr, Now));
    }

    [Fact]
    public void AnExpiredIssuedCertificate_GoesAtOnce()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var expired = new CertificateRequest("CN=c", key, HashAlgorithmName.SHA256).CreateSelfSigned(Now.AddDays(-2), Now.AddMinutes(-1));
        var csr = Csr(TimeSpan.FromMinutes(5), "Approved", TimeSpan.FromMinutes(5));
        csr.Status.Certificate = Encoding.ASCII.GetBytes(expired.ExportCertificatePem());

        Assert.True(CsrCleanupPolicy.IsStale(csr, Now));
    }
}
