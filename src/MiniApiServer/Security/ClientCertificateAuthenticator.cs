using System.Security.Cryptography.X509Certificates;

namespace MiniApiServer.Security;

/// <summary>
/// x509 client-certificate authentication (k8s.io/apiserver/pkg/authentication/request/x509): the chain must
/// verify against --client-ca-file for client auth; the user is the subject CN, the groups its O values.
/// </summary>
public sealed class ClientCertificateAuthenticator
{
    private readonly X509Certificate2Collection _roots;

    public ClientCertificateAuthenticator(string caFile)
    {
        _roots = [];
        _roots.ImportFromPemFile(caFile);
        if (_roots.Count == 0)
        {
            throw new InvalidOperationException($"--client-ca-file {caFile} holds no certificates");
        }
    }

    public UserInfo? Authenticate(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(certificate))
        {
            return null;
        }
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }
        var groups = certificate.SubjectName.EnumerateRelativeDistinguishedNames()
            .Where(rdn => rdn.GetSingleElementType().Value == "2.5.4.10")
            .Select(rdn => rdn.GetSingleElementValue() ?? "")
            .Where(g => g.Length > 0)
            .ToList();
        return new UserInfo(name, "", groups);
    }
}
