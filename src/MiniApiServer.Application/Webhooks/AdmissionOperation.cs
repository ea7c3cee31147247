namespace MiniApiServer.Application.Webhooks;

/// <summary>admission.Operation: what a write does, as webhook rules and an AdmissionReview name it.</summary>
public static class AdmissionOperation
{
    public const string Create = "CREATE";
    public const string Update = "UPDATE";
    public const string Delete = "DELETE";
    public const string Connect = "CONNECT";
}
