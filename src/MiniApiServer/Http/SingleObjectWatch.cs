using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;
using MiniApiServer.Application.Resources;

namespace MiniApiServer.Http;

/// <summary>
/// The deprecated ".../watch/.../{name}" form watches one object by turning the name into a field selector,
/// as apiserver's handlers/get.go ListResource does: an explicit selector must then require that same name.
/// </summary>
public static class SingleObjectWatch
{
    public static ListOptions Select(ResourceType type, ListOptions options, string name)
    {
        var (_, fields) = ResourceService.ParseSelectors(type, options);
        if (fields.IsEverything)
        {
            return options with { FieldSelector = $"metadata.name={name}" };
        }
        if (fields.RequiredValue("metadata.name") != name)
        {
            throw ApiErrors.BadRequest("fieldSelector metadata.name doesn't match requested name");
        }
        return options;
    }
}
