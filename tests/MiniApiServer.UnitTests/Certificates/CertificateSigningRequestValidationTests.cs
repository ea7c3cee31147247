using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using k8s.Models;
using MiniApiServer.Application.Certificates;
using MiniApiServer.Application.Errors;
using WritePath = MiniApiServer.Application.Certificates.CertificateSigningRequestValidation.WritePath;

namespace MiniApiServer.UnitTests.Certificates;

/// <summary>The rules of pkg/apis/certificates/validation/validation.go, each against a request built here.</summary>
public sealed class CertificateSigningRequestValidationTests
{
    private static byte[] Pkcs10(string subject = "CN=x")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return Encoding.ASCII.GetBytes(new CertificateRequest(subject, key, HashAlgorithmName.SHA256).CreateSigningRequestPem());
    }

    private static V1CertificateSigningRequest Csr(params (string Type, string Status)[] conditions) => new()
    {
        Spec = new V1CertificateSigningRequestSpec { Request = Pkcs10(), SignerName = "example.com/signer", Usages = ["client auth"] },
        Status = new V1CertificateSigningRequestStatus
        {
            Conditions = [.. conditions.Select(c => new V1CertificateSigningRequestCondition { Type = c.Type, Status = c.Status })],
        },
    };

    private static List<string> Causes(Action<FieldErrors> validate)
    {
        var errors = new FieldErrors();
        validate(errors);
        return [.. errors.Causes.Select(c => $"{c.Field}: {c.Message}")];
    }

    [Fact]
    public void AValidRequest_HasNoErrors() =>
        Assert.Empty(Causes(e => CertificateSigningRequestValidation.ValidateCreate(Csr(), e)));

    [Fact]
    public void ATamperedSignature_IsRefused()
    {
        var csr = Csr();
        var pem = Encoding.ASCII.GetString(csr.Spec.Request);
        var der = Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal))));
        der[^1] ^= 0x01;
        csr.Spec.Request = Encoding.ASCII.GetBytes(PemEncoding.WriteString("CERTIFICATE REQUEST", der));

        var cause = Assert.Single(Causes(e => CertificateSigningRequestValidation.ValidateCreate(csr, e)));
        Assert.StartsWith("spec.request: Invalid value: []byte{0x2d, 0x2d, ", cause);
        Assert.EndsWith(": x509: ECDSA verification failure", cause);
    }

    [Theory]
    [InlineData("Approved", "False", "status.conditions[0].status: Unsupported value: \"False\": supported values: \"True\"")]
    [InlineData("Ready", "Maybe", "status.conditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"")]
    [InlineData("", "True", "status.conditions[0].type: Required value")]
    public void ConditionStatuses_FollowTheirType(string type, string status, string cause) =>
        Assert.Equal([cause], Causes(e => CertificateSigningRequestValidation.ValidateCreate(Csr((type, status)), e)));

    [Fact]
    public void DuplicateConditionTypes_AreRefused_UnlessTheStoredObjectHadThem()
    {
        var twice = Csr(("Failed", "True"), ("Failed", "True"));
        Assert.Equal(["status.conditions[1].type: Duplicate value: \"Failed\""], Causes(e => CertificateSigningRequestValidation.ValidateCreate(twice, e)));
        Assert.Empty(Causes(e => CertificateSigningRequestValidation.ValidateUpdate(twice, twice, WritePath.Status, e)));
    }

    [Fact]
    public void ApprovalConditions_ChangeOnlyThroughApproval_AndNeverGo()
    {
        var (pending, approved) = (Csr(), Csr(("Approved", "True")));
        Assert.Equal(["status.conditions: Forbidden: updates may not add a condition of type \"Approved\""],
            Causes(e => CertificateSigningRequestValidation.ValidateUpdate(approved, pending, WritePath.Status, e)));
        Assert.Empty(Causes(e => CertificateSigningRequestValidation.ValidateUpdate(approved, pending, WritePath.Approval, e)));
        Assert.Equal(["status.conditions: Forbidden: updates may not remove a condition of type \"Approved\""],
            Causes(e => CertificateSigningRequestValidation.ValidateUpdate(pending, approved, WritePath.Approval, e)));
    }

    [Fact]
    public void TheCertificate_IsSetOnceThroughStatus()
    {
        var (unissued, issued) = (Csr(("Approved", "True")), Csr(("Approved", "True")));
        issued.Status.Certificate = Encoding.ASCII.GetBytes(SelfSigned());
        Assert.Equal(["status.certificate: Forbidden: updates may not set certificate content"],
            Causes(e => CertificateSigningRequestValidation.ValidateUpdate(issued, unissued, WritePath.Approval, e)));
        Assert.Empty(Causes(e => CertificateSigningRequestValidation.ValidateUpdate(issued, unissued, WritePath.Status, e)));

        var reissued = Csr(("Approved", "True"));
        reissued.Status.Certificate = Encoding.ASCII.GetBytes(SelfSigned());
        Assert.Equal(["status.certificate: Forbidden: updates may not modify existing certificate content"],
            Causes(e => CertificateSigningRequestValidation.ValidateUpdate(reissued, issued, WritePath.Status, e)));
    }

    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", "only CERTIFICATE PEM blocks are allowed, found \"PRIVATE KEY\"")]
    [InlineData("no pem here", "must contain at least one CERTIFICATE PEM block")]
    public void CertificateContent_MustBeCertificateBlocks(string pem, string error) =>
        Assert.Equal(error, CertificateSigningRequestValidation.CertificateError(Encoding.ASCII.GetBytes(pem)));

    [Theory]
    [InlineData("example.com/foo", null)]
    [InlineData("example/foo", "spec.signerName: Invalid value: \"example\": should be a domain with at least two segments separated by dots")]
    [InlineData("a.com/b/c", "spec.signerName: Invalid value: \"a.com/b/c\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    public void SignerNames_AreADomainAndAPath(string name, string? cause)
    {
        var causes = Causes(e => SignerNames.Validate("spec.signerName", name, e));
        Assert.Equal(cause is null ? [] : [cause], causes);
    }

    [Theory]
    [InlineData(new string[0], false, "Pending")]
    [InlineData(new[] { "Approved" }, true, "Approved,Issued")]
    [InlineData(new[] { "Approved", "Denied" }, false, "Denied")]
    [InlineData(new[] { "Approved", "Failed" }, false, "Approved,Failed")]
    public void TheConditionColumn_IsExtractCsrStatus(string[] types, bool issued, string column) =>
        Assert.Equal(column, CertificateConditions.Summary(types, issued));

    private static string SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var cert = new CertificateRequest("CN=c", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        return cert.ExportCertificatePem();
    }
}
