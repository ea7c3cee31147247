using System.Text.Json;
using System.Text.Json.Nodes;
using MiniApiServer.Application.Errors;

namespace MiniApiServer.Application.Kinds;

/// <summary>The codec's check of a body sent to a converted version: a kind or apiVersion it names must be the endpoint's.</summary>
public static class ServedBody
{
    public static void Check(JsonObject served, string apiVersion, string kind)
    {
        var givenVersion = served["apiVersion"]?.GetValueKind() == JsonValueKind.String ? served["apiVersion"]!.GetValue<string>() : null;
        var givenKind = served["kind"]?.GetValueKind() == JsonValueKind.String ? served["kind"]!.GetValue<string>() : null;
        if (!string.IsNullOrEmpty(givenKind) && givenKind != kind)
        {
            throw ApiErrors.BadRequest($"the kind in the data ({givenKind}) does not match the expected kind ({kind})");
        }
        if (!string.IsNullOrEmpty(givenVersion) && givenVersion != apiVersion)
        {
            throw ApiErrors.BadRequest($"the API version in the data ({givenVersion}) does not match the expected API version ({apiVersion})");
        }
    }
}
