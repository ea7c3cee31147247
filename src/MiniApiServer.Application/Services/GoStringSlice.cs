namespace MiniApiServer.Application.Services;

/// <summary>A []string as Go's %#v prints it in field errors: []string{"10.96.0.10"}.</summary>
public sealed record GoStringSlice(IReadOnlyList<string> Values)
{
    public override string ToString() => "[]string{" + string.Join(", ", Values.Select(v => $"\"{v}\"")) + "}";
}
