using k8s.Models;

namespace MiniApiServer.Application.Certificates;

/// <summary>The CSR condition helpers of pkg/controller/certificates (IsCertificateRequestApproved, HasTrueCondition).</summary>
public static class CertificateConditions
{
    public const string Approved = "Approved";
    public const string Denied = "Denied";
    public const string Failed = "Failed";

    public static bool HasTrue(V1CertificateSigningRequest csr, string type) =>
        csr.Status?.Conditions?.Any(c => c.Type == type && c.Status == "True") == true;

    /// <summary>IsCertificateRequestApproved: GetCertApprovalCondition reads the types alone, and a Denied one wins.</summary>
    public static bool IsApproved(V1CertificateSigningRequest csr) => Has(csr, Approved) && !Has(csr, Denied);

    private static bool Has(V1CertificateSigningRequest csr, string type) => csr.Status?.Conditions?.Any(c => c.Type == type) == true;

    /// <summary>printers.go extractCSRStatus: Denied over Approved over Pending, then Failed and Issued; statuses unread.</summary>
    public static string Summary(IEnumerable<string> conditionTypes, bool issued)
    {
        var (approved, denied, failed) = (false, false, false);
        foreach (var type in conditionTypes)
        {
            approved |= type == Approved;
            denied |= type == Denied;
            failed |= type == Failed;
        }
        var parts = new List<string>();
        if (denied)
        {
            parts.Add(Denied);
        }
        else if (approved)
        {
            parts.Add(Approved);
        }
        else
        {
            parts.Add("Pending");
        }
        if (failed)
        {
            parts.Add(Failed);
        }
        if (issued)
        {
            parts.Add("Issued");
        }
        return string.Join(",", parts);
    }
}
