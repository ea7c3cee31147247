using System.Text.Json.Nodes;

namespace MiniApiServer.Application.Webhooks;

/// <summary>A verified AdmissionReview response (request.AdmissionResponse): the patch only from a mutating webhook.</summary>
public sealed record AdmissionResponse(bool Allowed, JsonObject? Result, byte[]? Patch, IReadOnlyList<string> Warnings);
