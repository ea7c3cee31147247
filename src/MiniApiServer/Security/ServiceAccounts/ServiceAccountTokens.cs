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

    /// <summary>The user of a valid token for the API's own audience; null for anything else (not a JWT, another issuer, expired, revoked).</summary>
    public UserInfo? Authenticate(string token) => Review(token, [Issuer]).User;

    /// <summary>
    /// jwt.go's AuthenticateToken for the audiences a caller asks about (TokenReview's spec.audiences, or the API's):
    /// a token this issuer did not sign is not recognised (no error); one it signed fails with upstream's reason.
    /// </summary>
    public TokenAuthentication Review(string token, IReadOnlyList<string> audiences)
    {
        var key = Volatile.Read(ref _key);
        var parts = token.Split('.');
        if (key is null || parts.Length != 3)
        {
            return TokenAuthentication.NotRecognised;
        }
        JsonObject claims;
        try
        {
            var header = JsonNode.Parse(FromBase64Url(parts[0])) as JsonObject;
            if (header?["alg"]?.GetValue<string>() != "ES256"
                || !key.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), FromBase64Url(parts[2]), HashAlgorithmName.SHA256))
            {
                return TokenAuthentication.NotRecognised;
            }
            claims = JsonNode.Parse(FromBase64Url(parts[1])) as JsonObject ?? [];
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return TokenAuthentication.NotRecognised;
        }
        return Str(claims, "iss") != Issuer ? TokenAuthentication.NotRecognised : Validate(claims, audiences);
    }

    // The order is jwt.go's: audiences, then the public claims (claims.go publicValidate), then the ServiceAccount.
    private TokenAuthentication Validate(JsonObject claims, IReadOnlyList<string> requested)
    {
        var tokenAudiences = claims["aud"] switch
        {
            JsonArray a => a.Select(v => v is JsonValue j && j.TryGetValue<string>(out var s) ? s : null).OfType<string>().ToList(),
            JsonValue v when v.TryGetValue<string>(out var single) => [single],
            _ => [],
        };
        var audiences = tokenAudiences.Intersect(requested, StringComparer.Ordinal).ToList();
        if (audiences.Count == 0)
        {
            return TokenAuthentication.Failed($"token audiences {GoStrings(tokenAudiences)} is invalid for the target audiences {GoStrings(requested)}");
        }
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Long(claims, "exp") is not { } exp || exp <= now)
        {
            return TokenAuthentication.Failed("service account token has expired");
        }
        if (Long(claims, "nbf") is > 0 and var nbf && nbf > now)
        {
            return TokenAuthentication.Failed("service account token is not valid yet");
        }
        var k8s = claims["kubernetes.io"] as JsonObject;
        var sa = k8s?["serviceaccount"] as JsonObject;
        var (ns, name, uid) = (Str(k8s, "namespace"), Str(sa, "name"), Str(sa, "uid"));
        if (ns is null || name is null || uid is null)
        {
            return TokenAuthentication.Failed("service account token claims could not be validated due to unexpected private claim");
        }
        var stored = store.Cache.Get(registry.ServiceAccounts.StorageKey, ns, name);
        if (stored is null)
        {
            logger.LogInformation("token of service account {Namespace}/{Name} rejected: the account was deleted", ns, name);
            return TokenAuthentication.Failed($"serviceaccounts \"{name}\" not found");
        }
        var storedUid = (JsonNode.Parse(stored.Json)?["metadata"]?["uid"])?.GetValue<string>();
        if (storedUid != uid)
        {
            logger.LogInformation("token of service account {Namespace}/{Name} rejected: the account was recreated", ns, name);
            return TokenAuthentication.Failed($"service account UID ({storedUid}) does not match claim ({uid})");
        }
        var user = ServiceAccountUser.For(ns, name, uid);
        // ServiceAccountTokenJTI (beta, on since 1.30): the token's jti is the user's credential id (claims.go).
        if (Str(claims, "jti") is { Length: > 0 } jti)
        {
            user = user with { Extra = new Dictionary<string, IReadOnlyList<string>> { [CredentialIdKey] = [$"JTI={jti}"] } };
        }
        return new TokenAuthentication(user, audiences, null);
    }

    /// <summary>k8s.io/apiserver/pkg/authentication/serviceaccount's CredentialIDKey.</summary>
    public const string CredentialIdKey = "authentication.kubernetes.io/credential-id";

    // Go's %q of a []string: ["a" "b"].
    private static string GoStrings(IEnumerable<string> values) =>
        "[" + string.Join(" ", values.Select(Application.Errors.GoSyntax.Quote)) + "]";

    private static string? Str(JsonObject? obj, string name) => obj?[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static long? Long(JsonObject obj, string name) => obj[name] is JsonValue v && v.TryGetValue<long>(out var l) ? l : null;

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte[] FromBase64Url(string s) => System.Buffers.Text.Base64Url.DecodeFromChars(s);
}
