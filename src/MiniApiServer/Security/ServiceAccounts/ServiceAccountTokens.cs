using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Resources;
using MiniApiServer.Security.Rbac;
using MiniApiServer.Storage;

namespace MiniApiServer.Security.ServiceAccounts;

/// <summary>
/// Bound ServiceAccount tokens (pkg/serviceaccount/jwt.go): ES256 JWTs with upstream's claims, issued by
/// TokenRequest and accepted as system:serviceaccount:NS:NAME while they have not expired, name the API
/// audience, and their ServiceAccount still exists with the same uid (so deleting it revokes them).
/// </summary>
public sealed class ServiceAccountTokens(ObjectStore store, ResourceRegistry registry, TimeProvider time, ILogger<ServiceAccountTokens> logger)
{
    /// <summary>kube-apiserver's --service-account-issuer as kubeadm sets it; also the default --api-audiences.</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private ECDsa? _key;
    private string _keyId = "";

    public bool Ready => Volatile.Read(ref _key) is not null;

    public void UseKey(ECDsa key)
    {
        var spki = key.ExportSubjectPublicKeyInfo();
        _keyId = Base64Url(SHA256.HashData(spki));
        Volatile.Write(ref _key, key);
    }

    public string Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, DateTimeOffset expires)
    {
        var key = Volatile.Read(ref _key) ?? throw new InvalidOperationException("the service account signing key is not loaded yet");
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        var header = new JsonObject { ["alg"] = "ES256", ["kid"] = _keyId };
        var claims = new JsonObject
        {
            ["aud"] = new JsonArray(audiences.Select(a => (JsonNode?)a).ToArray()),
            ["exp"] = expires.ToUnixTimeSeconds(),
            ["iat"] = now,
            ["iss"] = Issuer,
            ["jti"] = Guid.NewGuid().ToString(),
            ["kubernetes.io"] = new JsonObject
            {
                ["namespace"] = ns,
                ["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid },
            },
            ["nbf"] = now,
            ["sub"] = ServiceAccountUser.Name(ns, name),
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        // ECDsa.SignData yields r||s (IEEE P1363), which is JWS's ES256 signature encoding (RFC 7518 3.4).
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    /// <summary>The user of a valid token; null for anything else (not a JWT, another issuer, expired, revoked).</summary>
    public UserInfo? Authenticate(string token)
    {
        var key = Volatile.Read(ref _key);
        var parts = token.Split('.');
        if (key is null || parts.Length != 3)
        {
            return null;
        }
        JsonObject claims;
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "ES256"
                || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256))
            {
                return null;
            }
            claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
        return Validate(claims);
    }

    private UserInfo? Validate(JsonObject claims)
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Str(claims, "iss") != Issuer || Long(claims, "exp") is not { } exp || exp <= now || Long(claims, "nbf") is > 0 and var nbf && nbf > now)
        {
            return null;
        }
        if (claims["aud"] is not JsonArray aud || !aud.Any(a => a is JsonValue v && v.TryGetValue<string>(out var s) && s == Issuer))
        {
            return null;
        }
        var k8s = claims["kubernetes.io"] as JsonObject;
        var sa = k8s?["serviceaccount"] as JsonObject;
        var (ns, name, uid) = (Str(k8s, "namespace"), Str(sa, "name"), Str(sa, "uid"));
        if (ns is null || name is null || uid is null)
        {
            return null;
        }
        var stored = store.Cache.Get(registry.ServiceAccounts.StorageKey, ns, name);
        var storedUid = stored is null ? null : (JsonNode.Parse(stored.Json)?["metadata"]?["uid"])?.GetValue<string>();
        if (storedUid != uid)
        {
            logger.LogInformation("token of service account {Namespace}/{Name} rejected: the account was deleted or recreated", ns, name);
            return null;
        }
        return ServiceAccountUser.For(ns, name, uid);
    }

    private static string? Str(JsonObject? obj, string name) => obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Long(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string s) => System.Buffers.Text.Base64Url.DecodeFromChars(s);
}
