namespace MiniApiServer.Application.Errors;

/// <summary>A field error's bad value printed as it is, as Go's %v prints a slice or struct (field.Error's ErrorBody default case).</summary>
public sealed record GoRawValue(string Text)
{
    public override string ToString() => Text;
}
