using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>The contract for every rejected request: a 4xx whose body is a v1 Status agreeing with the HTTP code.</summary>
public static class StatusAssert
{
    public static async Task<string?> ProblemWith(HttpResponseMessage response, string method, int? expectedCode = null)
    {
        var code = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (code is < 400 or >= 500)
        {
            return $"HTTP {code} (want 4xx): {Trim(text)}";
        }
        if (expectedCode is int want && code != want)
        {
            return $"HTTP {code} (want {want}): {Trim(text)}";
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return $"HTTP {code} with content type {response.Content.Headers.ContentType}";
        }
        if (method == "HEAD")
        {
            // HEAD answers carry no body by definition; the status line and content type are all there is.
            return null;
        }
        JsonNode? status;
        try
        {
            status = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return $"HTTP {code} body is not JSON: {Trim(text)}";
        }
        if (status?["kind"]?.GetValue<string>() != "Status" || status["apiVersion"]?.GetValue<string>() != "v1")
        {
            return $"HTTP {code} body is not a v1 Status: {Trim(text)}";
        }
        if (status["code"]?.GetValue<int>() != code)
        {
            return $"Status code {status["code"]} differs from HTTP {code}";
        }
        if (string.IsNullOrWhiteSpace(status["message"]?.GetValue<string>()) || string.IsNullOrEmpty(status["reason"]?.GetValue<string>()))
        {
            return $"Status without message or reason: {Trim(text)}";
        }
        return status["status"]?.GetValue<string>() == "Failure" ? null : $"Status is not a Failure: {Trim(text)}";
    }

    private static string Trim(string s) => s.Length > 300 ? s[..300] + "..." : s;
}
