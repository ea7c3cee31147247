using System.Security.Cryptography;
using System.Text;

namespace MiniApiServer.Discovery;

/// <summary>Same recipe as apiserver's discovery.StorageVersionHash, so values match a real cluster.</summary>
public static class StorageVersionHash
{
    public static string Of(string group, string version, string kind)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{group}/{version}/{kind}"));
        return Convert.ToBase64String(hash, 0, 8);
    }
}
