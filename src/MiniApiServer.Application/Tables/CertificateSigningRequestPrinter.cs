using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Certificates;

namespace MiniApiServer.Application.Tables;

/// <summary>Mirrors printers.go <c>printCertificateSigningRequest</c>: signer, requestor, requested duration and extractCSRStatus.</summary>
internal sealed class CertificateSigningRequestPrinter : RowPrinter
{
    public override IReadOnlyList<TableColumn> Columns { get; } =
    [
        TableColumn.NameColumn(),
        TableColumn.AgeColumn(),
        new("SignerName", "string", "Requested signer for the request. It is a qualified name in the form: `scope-hostname.io/name`."),
        new("Requestor", "string", "Base64-encoded PKCS#10 CSR data"),
        new("RequestedDuration", "string", "expirationSeconds is the requested duration of validity of the issued certificate."),
        new("Condition", "string", "Conditions applied to the request, such as approval or denial."),
    ];

    public override JsonNode?[] Cells(JsonElement item, DateTimeOffset now)
    {
        var spec = item.Obj("spec");
        var signer = spec.Str("signerName");
        var duration = spec.Has("expirationSeconds") ? HumanDuration.Format(TimeSpan.FromSeconds(spec.Int("expirationSeconds"))) : "<none>";
        var status = item.Obj("status");
        var condition = CertificateConditions.Summary(status.Objects("conditions").Select(c => c.Str("type")), status.Str("certificate").Length > 0);
        return [Cell.Of(Name(item)), Cell.Of(AgeOf(item, now)), Cell.Of(signer.Length > 0 ? signer : "<none>"), Cell.Of(spec.Str("username")), Cell.Of(duration), Cell.Of(condition)];
    }
}
