namespace MiniApiServer.Application.Objects;

/// <param name="FieldValidation">Strict, Warn (the server default) or Ignore, as the fieldValidation query parameter.</param>
public sealed record WriteOptions(bool DryRun = false, string FieldValidation = "Warn", string? FieldManager = null)
{
    public static readonly WriteOptions Default = new();
}
