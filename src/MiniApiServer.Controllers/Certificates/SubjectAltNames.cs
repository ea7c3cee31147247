using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.Controllers.Certificates;

/// <summary>How many names of each kind a request's subjectAltName extension carries (x509.CertificateRequest's fields).</summary>
public sealed record SubjectAltNames(int Dns, int Email, int Ip, int Uri)
{
    public const string Oid = "2.5.29.17";

    public static SubjectAltNames Of(CertificateRequest request)
    {
        var (dns, email, ip, uri) = (0, 0, 0, 0);
        foreach (var extension in request.CertificateExtensions.Where(e => e.Oid?.Value == Oid))
        {
            var names = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
            while (names.HasData)
            {
                // GeneralName (RFC 5280 4.2.1.6): [1] rfc822Name, [2] dNSName, [6] URI, [7] iPAddress.
                switch (names.PeekTag().TagValue)
                {
                    case 1: email++; break;
                    case 2: dns++; break;
                    case 6: uri++; break;
                    case 7: ip++; break;
                }
                names.ReadEncodedValue();
            }
        }
        return new(dns, email, ip, uri);
    }
}
