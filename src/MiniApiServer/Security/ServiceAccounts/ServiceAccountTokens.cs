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

    /// <summary>The verifying key as a JWK (go-jose's field order), or null before the key is loaded.</summary>
    public JsonObject? PublicKey()
    {
        var key = Volatile.Read(ref _key);
        if (key is null)
        {
            return null;
        }
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        return new JsonObject
        {
            ["use"] = "sig",
            ["kty"] = "EC",
            ["kid"] = _keyId,
            ["crv"] = "P-256",
            ["alg"] = "ES256",
            ["x"] = Base64Url(point.X!),
            ["y"] = Base64Url(point.Y!),
        };
    }

    public string Issue(string ns, string name, string uid, IReadOnlyList<string> audiences, DateTimeOffset expires, TokenBinding? binding = null)
    {
        binding ??= TokenBinding.None;
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
            ["kubernetes.io"] = PrivateClaims(ns, name, uid, binding),
            ["nbf"] = now,
            ["sub"] = ServiceAccountUser.Name(ns, name),
        };
        var signingInput = $"{Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()))}.{Base64Url(Encoding.UTF8.GetBytes(claims.ToJsonString()))}";
        // ECDsa.SignData yields r||s (IEEE P1363), which is JWS's ES256 signature encoding (RFC 7518 3.4).
        var signature = key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256);
        return $"{signingInput}.{Base64Url(signature)}";
    }

    // claims.go's privateClaims, in its JSON field order; a node's uid is left out when the pod's node was not found.
    private static JsonObject PrivateClaims(string ns, string name, string uid, TokenBinding binding)
    {
        var claims = new JsonObject { ["namespace"] = ns };
        if (binding.Node is { } node)
        {
            claims["node"] = node.Uid.Length > 0 ? new JsonObject { ["name"] = node.Name, ["uid"] = node.Uid } : new JsonObject { ["name"] = node.Name };
        }
        if (binding.Pod is { } pod)
        {
            claims["pod"] = new JsonObject { ["name"] = pod.Name, ["uid"] = pod.Uid };
        }
        if (binding.Secret is { } secret)
        {
            claims["secret"] = new JsonObject { ["name"] = secret.Name, ["uid"] = secret.Uid };
        }
        claims["serviceaccount"] = new JsonObject { ["name"] = name, ["uid"] = uid };
        if (binding.WarnAfter is { } warnAfter)
        {
            claims["warnafter"] = warnAfter.ToUnixTimeSeconds();
        }
        return claims;
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
        // go-jose's Validate allows jwt.DefaultLeeway (a minute) either side, for clocks that disagree.
        if (Long(claims, "exp") is not { } exp || exp < now - LeewaySeconds)
        {
            return TokenAuthentication.Failed("service account token has expired");
        }
        if (Long(claims, "nbf") is > 0 and var nbf && nbf > now + LeewaySeconds)
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
        if (Lookup(registry.ServiceAccounts, ns, name) is not { } account)
        {
            logger.LogInformation("token of service account {Namespace}/{Name} rejected: the account was deleted", ns, name);
            return TokenAuthentication.Failed($"serviceaccounts \"{name}\" not found");
        }
        if (account.Uid != uid)
        {
            logger.LogInformation("token of service account {Namespace}/{Name} rejected: the account was recreated", ns, name);
            return TokenAuthentication.Failed($"service account UID ({account.Uid}) does not match claim ({uid})");
        }
        if (DeletedBefore(account.Deleted, now))
        {
            return TokenAuthentication.Failed($"service account {ns}/{name} has been deleted");
        }
        var pod = Ref(k8s?["pod"]);
        var secret = Ref(k8s?["secret"]);
        var node = Ref(k8s?["node"]);
        // A pod-bound token's node claim only informs (ServiceAccountTokenPodNodeInfo); a node-bound one is checked.
        var invalid = BoundObjectError(registry.Secrets, ns, secret, "secret") ?? BoundObjectError(registry.Pods, ns, pod, "pod")
            ?? (pod is null ? BoundObjectError(registry.Nodes, "", node, "node") : null);
        if (invalid is not null)
        {
            return TokenAuthentication.Failed(invalid);
        }
        return new TokenAuthentication(ServiceAccountUser.For(ns, name, uid) with { Extra = Extra(claims, pod, node) }, audiences, null);
    }

    // claims.go Validate: a bound object that is gone, or going for longer than the leeway, revokes the token; one with
    // another uid was deleted and recreated.
    private string? BoundObjectError(ResourceType type, string ns, TokenBinding.Ref? claim, string what)
    {
        if (claim is null)
        {
            return null;
        }
        var found = Lookup(type, ns, claim.Name);
        if (found is null || DeletedBefore(found.Value.Deleted, time.GetUtcNow().ToUnixTimeSeconds()))
        {
            return "service account token has been invalidated";
        }
        return found.Value.Uid == claim.Uid ? null : $"{what} UID ({found.Value.Uid}) does not match service account {what} ref claim ({claim.Uid})";
    }

    private (string Uid, DateTimeOffset? Deleted)? Lookup(ResourceType type, string ns, string name)
    {
        var stored = store.Cache.Get(type.StorageKey, ns, name);
        if (stored is null)
        {
            return null;
        }
        var meta = JsonNode.Parse(stored.Json)?["metadata"] as JsonObject;
        var deleted = Str(meta, "deletionTimestamp") is { } d && DateTimeOffset.TryParse(d, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        return (Str(meta, "uid") ?? "", deleted);
    }

    // jwt.DefaultLeeway: an object whose deletion began less than a minute ago still vouches for its tokens.
    private static bool DeletedBefore(DateTimeOffset? deleted, long now) => deleted is { } at && at.ToUnixTimeSeconds() < now - LeewaySeconds;

    private const long LeewaySeconds = 60;

    private static TokenBinding.Ref? Ref(JsonNode? claim) =>
        claim is JsonObject o && Str(o, "name") is { } name ? new TokenBinding.Ref(name, Str(o, "uid") ?? "") : null;

    // ServiceAccountInfo.UserInfo: the pod's name and uid, the credential id (ServiceAccountTokenJTI, beta and on since
    // 1.30) and the node's name and uid (ServiceAccountTokenPodNodeInfo), each only when the token carries it.
    private static Dictionary<string, IReadOnlyList<string>> Extra(JsonObject claims, TokenBinding.Ref? pod, TokenBinding.Ref? node)
    {
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (pod is { Uid.Length: > 0 })
        {
            extra[PodNameKey] = [pod.Name];
            extra[PodUidKey] = [pod.Uid];
        }
        if (Str(claims, "jti") is { Length: > 0 } jti)
        {
            extra[CredentialIdKey] = [$"JTI={jti}"];
        }
        if (node is not null)
        {
            extra[NodeNameKey] = [node.Name];
            if (node.Uid.Length > 0)
            {
                extra[NodeUidKey] = [node.Uid];
            }
        }
        return extra;
    }

    public const string PodNameKey = "authentication.kubernetes.io/pod-name";
    public const string PodUidKey = "authentication.kubernetes.io/pod-uid";
    public const string NodeNameKey = "authentication.kubernetes.io/node-name";
    public const string NodeUidKey = "authentication.kubernetes.io/node-uid";

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
