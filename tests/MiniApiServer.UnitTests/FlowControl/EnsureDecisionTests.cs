using k8s.Models;
using MiniApiServer.Controllers.FlowControl;

namespace MiniApiServer.UnitTests.FlowControl;

/// <summary>
/// The bootstrap ensurer's choices, by the rules of pkg/registry/flowcontrol/ensurer (1.32): create
/// what is missing, always revise a mandatory object, a suggested one only while auto-updated (annotation true, or
/// unannotated at generation 1), and delete an object the bootstrap dropped only when its annotation is true.
/// </summary>
public sealed class EnsureDecisionTests
{
    private static V1ObjectMeta Meta(string? annotation, long generation = 1) => new()
    {
        Name = "x",
        Generation = generation,
        Annotations = annotation is null ? null : new Dictionary<string, string> { ["apf.kubernetes.io/autoupdate-spec"] = annotation },
    };

    [Theory]
    [InlineData(true, null, 1, true, EnsureAction.Create)]
    [InlineData(false, null, 1, true, EnsureAction.Create)]
    [InlineData(true, "false", 3, false, EnsureAction.UpdateSpec)]
    [InlineData(true, "true", 3, true, EnsureAction.None)]
    [InlineData(false, "true", 3, false, EnsureAction.UpdateSpec)]
    [InlineData(false, "false", 3, false, EnsureAction.None)]
    [InlineData(false, null, 1, false, EnsureAction.UpdateSpec)]
    [InlineData(false, null, 2, false, EnsureAction.MarkNotAutoUpdated)]
    [InlineData(false, "maybe", 2, true, EnsureAction.MarkNotAutoUpdated)]
    [InlineData(false, "T", 2, true, EnsureAction.None)]
    public void BootstrapObject(bool mandatory, string? annotation, long generation, bool specsEqual, EnsureAction expected)
    {
        var current = expected == EnsureAction.Create ? null : Meta(annotation, generation);

        Assert.Equal(expected, EnsureDecision.Decide(Meta("true"), mandatory, current, specsEqual));
    }

    [Theory]
    [InlineData("true", EnsureAction.Delete)]
    [InlineData("1", EnsureAction.Delete)]
    [InlineData("false", EnsureAction.None)]
    [InlineData(null, EnsureAction.None)]
    public void ObjectTheBootstrapDoesNotName(string? annotation, EnsureAction expected)
    {
        Assert.Equal(expected, EnsureDecision.Decide(null, mandatory: false, Meta(annotation), specsEqual: false));
    }
}
