using System.Text;
using System.Text.Json;
using k8s.Models;
using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Application.Admission;

/// <summary>
/// Secrets: the write-only stringData is folded into data and never stored, and type defaults to Opaque (upstream
/// does both while decoding v1 into the internal version: Convert_v1_Secret_To_core_Secret and SetDefaults_Secret in
/// pkg/apis/core/v1), then pkg/apis/core/validation ValidateSecret and ValidateSecretUpdate: keys are file names, the
/// values fit 1 MiB, each built-in type has the keys its consumers read, the type never changes, and once a Secret is
/// immutable its data and the flag itself never change.
/// </summary>
public sealed class SecretStrategy(ResourceType type) : TypedStrategy<V1Secret>(type)
{
    public const string Opaque = "Opaque";

    // The contents of a secret never appear in an error: upstream's bad value for them.
    private const string Redacted = "<secret contents redacted>";

    protected override void PrepareForCreate(V1Secret obj, DateTimeOffset now) => Normalize(obj);

    protected override void PrepareForUpdate(V1Secret obj, V1Secret old, bool statusOnly) => Normalize(obj);

    protected override void Validate(V1Secret obj, FieldErrors errors)
    {
        ConfigMapKeys.Validate("data", obj.Data?.Keys, errors);
        if (ConfigMapKeys.Size(obj.Data) > ConfigMapKeys.MaxTotalBytes)
        {
            errors.TooLong("data", ConfigMapKeys.MaxTotalBytes);
        }
        var data = obj.Data ?? new Dictionary<string, byte[]>();
        switch (obj.Type)
        {
            case "kubernetes.io/service-account-token":
                // The token and the account's uid may come later, from the token controller; the account's name may not.
                string? account = null;
                if (obj.Metadata?.Annotations?.TryGetValue("kubernetes.io/service-account.name", out account) != true || string.IsNullOrEmpty(account))
                {
                    errors.Required("metadata.annotations[kubernetes.io/service-account.name]");
                }
                break;
            case "kubernetes.io/dockercfg":
                RequireJsonObject(data, ".dockercfg", errors);
                break;
            case "kubernetes.io/dockerconfigjson":
                RequireJsonObject(data, ".dockerconfigjson", errors);
                break;
            case "kubernetes.io/basic-auth":
                // Either may be empty, but one of the two must be there.
                if (!data.ContainsKey("username") && !data.ContainsKey("password"))
                {
                    errors.Required("data[username]");
                    errors.Required("data[password]");
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (!data.TryGetValue("ssh-privatekey", out var key) || key is not { Length: > 0 })
                {
                    errors.Required("data[ssh-privatekey]");
                }
                break;
            case "kubernetes.io/tls":
                if (!data.ContainsKey("tls.crt"))
                {
                    errors.Required("data[tls.crt]");
                }
                if (!data.ContainsKey("tls.key"))
                {
                    errors.Required("data[tls.key]");
                }
                break;
        }
    }

    protected override void ValidateUpdate(V1Secret obj, V1Secret old, FieldErrors errors)
    {
        if (obj.Type != (string.IsNullOrEmpty(old.Type) ? Opaque : old.Type))
        {
            errors.Immutable("type", obj.Type);
        }
        if (old.Immutable == true)
        {
            if (obj.Immutable != true)
            {
                errors.Forbidden("immutable", ImmutableData.Message);
            }
            // stringData is folded into data by now, so a change through it is caught here too.
            if (!ImmutableData.Same(obj.Data, old.Data))
            {
                errors.Forbidden("data", ImmutableData.Message);
            }
        }
        Validate(obj, errors);
    }

    private static void Normalize(V1Secret obj)
    {
        if (obj.StringData is { } stringData)
        {
            obj.Data ??= new Dictionary<string, byte[]>();
            // stringData wins over data for the same key, as the conversion writes it last.
            foreach (var (key, value) in stringData)
            {
                obj.Data[key] = Encoding.UTF8.GetBytes(value ?? "");
            }
        }
        obj.StringData = null;
        if (string.IsNullOrEmpty(obj.Type))
        {
            obj.Type = Opaque;
        }
    }

    // Upstream unmarshals the value into a map[string]interface{}: anything but a JSON object (or null) is refused.
    private static void RequireJsonObject(IDictionary<string, byte[]> data, string key, FieldErrors errors)
    {
        if (!data.TryGetValue(key, out var value))
        {
            errors.Required($"data[{key}]");
            return;
        }
        if (GoJsonObjectError(value ?? []) is { } error)
        {
            errors.Invalid($"data[{key}]", Redacted, error);
        }
    }

    /// <summary>
    /// encoding/json's error for unmarshalling <paramref name="json"/> into a map. Exact for a value that is not an
    /// object and for truncated input; for other syntax errors the message has Go's form but may name another character
    /// (Go reads "nope" as a broken null literal and names the 'o').
    /// </summary>
    private static string? GoJsonObjectError(byte[] json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read())
            {
                return "unexpected end of JSON input";
            }
            var kind = reader.TokenType switch
            {
                JsonTokenType.StartObject or JsonTokenType.Null => null,
                JsonTokenType.StartArray => "array",
                JsonTokenType.String => "string",
                JsonTokenType.Number => "number",
                _ => "bool",
            };
            reader.Skip();
            while (reader.Read())
            {
            }
            return kind is null ? null : $"json: cannot unmarshal {kind} into Go value of type map[string]interface {{}}";
        }
        catch (JsonException)
        {
            return reader.BytesConsumed >= json.Length ? "unexpected end of JSON input" : $"invalid character '{(char)json[(int)reader.BytesConsumed]}' looking for beginning of value";
        }
    }
}
