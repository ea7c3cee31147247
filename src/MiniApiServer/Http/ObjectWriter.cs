using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;
using MiniApiServer.Storage;

namespace MiniApiServer.Http;

/// <summary>
/// Writes stored objects as they were serialized at commit time: a LIST is the stored bytes spliced into
/// a list envelope, so serving 10,000 pods re-encodes nothing.
/// </summary>
public static class ObjectWriter
{
    private static readonly byte[] Comma = ","u8.ToArray();

    public static async Task WriteObjectAsync(HttpResponse response, byte[] json, int statusCode, IReadOnlyList<string>? warnings = null, string contentType = "application/json")
    {
        AddWarnings(response, warnings);
        response.StatusCode = statusCode;
        response.ContentType = contentType;
        response.ContentLength = json.Length;
        await response.Body.WriteAsync(json).ConfigureAwait(false);
    }

    public static async Task WriteListAsync(HttpResponse response, ResourceType type, IReadOnlyList<StoredObject> items, long revision, string? continueToken, long? remaining)
    {
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var head = new StringBuilder();
        head.Append("{\"kind\":\"").Append(type.ListKind).Append("\",\"apiVersion\":\"").Append(type.GroupVersion)
            .Append("\",\"metadata\":{\"resourceVersion\":\"").Append(revision.ToString(CultureInfo.InvariantCulture)).Append('"');
        if (continueToken is not null)
        {
            head.Append(",\"continue\":").Append(JsonSerializer.Serialize(continueToken));
        }
        if (remaining is long r)
        {
            head.Append(",\"remainingItemCount\":").Append(r.ToString(CultureInfo.InvariantCulture));
        }
        head.Append("},\"items\":[");
        var headBytes = Encoding.UTF8.GetBytes(head.ToString());
        // The length is known before the first byte, so a client that buffers the whole list (HttpClient's
        // ReadAsByteArrayAsync, the C# client) sizes its buffer once instead of growing it by doubling:
        // a 10,000-pod LIST is ~47 MB.
        long length = headBytes.Length + Math.Max(0, items.Count - 1) + 2;
        for (var i = 0; i < items.Count; i++)
        {
            length += items[i].Json.Length;
        }
        response.ContentLength = length;
        var body = response.BodyWriter;
        await body.WriteAsync(headBytes).ConfigureAwait(false);
        for (var i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                body.Write(Comma);
            }
            body.Write(items[i].Json);
            if (i % 256 == 255)
            {
                await body.FlushAsync().ConfigureAwait(false);
            }
        }
        await body.WriteAsync("]}"u8.ToArray()).ConfigureAwait(false);
    }

    public static void AddWarnings(HttpResponse response, IReadOnlyList<string>? warnings)
    {
        if (warnings is null)
        {
            return;
        }
        var total = 0;
        foreach (var w in warnings.Distinct())
        {
            var text = Sanitize(w);
            // k8s.io/apiserver/pkg/warning: each warning is truncated at 4 KiB and the set stops at 256 KiB.
            if ((total += text.Length) > MaxWarningsBytes)
            {
                break;
            }
            response.Headers.Append("Warning", $"299 - \"{text}\"");
        }
    }

    private const int MaxWarningBytes = 4 * 1024;
    private const int MaxWarningsBytes = 256 * 1024;

    /// <summary>Header values must be printable ASCII; field names echoed from a body may not be.</summary>
    private static string Sanitize(string warning)
    {
        var sb = new System.Text.StringBuilder(Math.Min(warning.Length, MaxWarningBytes));
        foreach (var c in warning)
        {
            if (sb.Length >= MaxWarningBytes)
            {
                break;
            }
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' or > '~' => "?",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
