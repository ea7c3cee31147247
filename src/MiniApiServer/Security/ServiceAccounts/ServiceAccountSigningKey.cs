using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Security.ServiceAccounts;

/// <summary>
/// The ServiceAccount token signing key (kube-apiserver's --service-account-signing-key-file), made once and
/// kept, so tokens stay valid across restarts: with SQLite a PKCS#8 PEM file next to the database (mode 0600);
/// with PostgreSQL a Secret in kube-system that every replica reads, so a token from one is accepted by all.
/// </summary>
public static class ServiceAccountSigningKey
{
    public const string FileName = "sa.key";
    public const string SecretName = "service-account-signing-key";
    private const string SecretKey = "sa.key";

    public static ECDsa LoadOrCreateFile(string path)
    {
        var key = ECDsa.Create();
        if (File.Exists(path))
        {
            key.ImportFromPem(File.ReadAllText(path));
            return key;
        }
        key.GenerateKey(ECCurve.NamedCurves.nistP256);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, key.ExportPkcs8PrivateKeyPem() + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        // A rename, so a crash never leaves a half-written key that would fail every later start.
        File.Move(temp, path, overwrite: false);
        return key;
    }

    /// <summary>The replicas race to create the Secret; the loser reads the winner's, so all sign with one key.</summary>
    public static async Task<ECDsa> LoadOrCreateSecretAsync(ResourceService service, ResourceType secrets)
    {
        if (service.TryGet(secrets, "kube-system", SecretName) is null)
        {
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var body = new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = SecretName, ["namespace"] = "kube-system" },
                ["type"] = "Opaque",
                ["data"] = new JsonObject { [SecretKey] = Convert.ToBase64String(Encoding.UTF8.GetBytes(fresh.ExportPkcs8PrivateKeyPem())) },
            };
            try
            {
                await service.CreateAsync(secrets, "kube-system", body, WriteOptions.Default).ConfigureAwait(false);
            }
            catch (ApiException ex) when (ex.Code == 409)
            {
            }
        }
        var stored = service.TryGet(secrets, "kube-system", SecretName) ?? throw new InvalidOperationException($"secret kube-system/{SecretName} vanished after it was created");
        var pem = JsonNode.Parse(stored.Json)?["data"]?[SecretKey]?.GetValue<string>()
            ?? throw new InvalidOperationException($"secret kube-system/{SecretName} has no {SecretKey}");
        var key = ECDsa.Create();
        key.ImportFromPem(Encoding.UTF8.GetString(Convert.FromBase64String(pem)));
        return key;
    }
}
