using MiniApiServer.Application.Errors;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Http;

/// <summary>
/// apimachinery's ValidateListOptions and SetListOptionsDefaults as kube-apiserver 1.32 runs them, with the
/// WatchList feature on (its default since 1.32): a watch may ask for its initial state as events followed by
/// a BOOKMARK (sendInitialEvents=true, resourceVersionMatch=NotOlderThan), and a legacy watch from "" or "0"
/// is defaulted into exactly that.
/// </summary>
public static class ListOptionsValidation
{
    private const string NotOlderThan = "NotOlderThan";

    /// <summary>The validated options; for a watch, whether it sends its initial state (null: watch from the given revision).</summary>
    public static bool? Validate(ListOptions options, bool watch, bool? sendInitialEvents)
    {
        var match = options.ResourceVersionMatch;
        var errors = new List<string>();
        if (watch)
        {
            if (sendInitialEvents is null && match is null && options.ResourceVersion is null or "0")
            {
                return true;
            }
            if (sendInitialEvents is not null && match != NotOlderThan)
            {
                errors.Add($"resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}");
            }
            if (match is not null)
            {
                if (sendInitialEvents is null)
                {
                    errors.Add("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided");
                }
                if (match != NotOlderThan)
                {
                    errors.Add($"resourceVersionMatch: Unsupported value: {GoSyntax.Quote(match)}: supported values: \"{NotOlderThan}\"");
                }
                if (options.Continue is not null)
                {
                    errors.Add("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
                }
            }
        }
        else
        {
            if (match is not null)
            {
                if (options.ResourceVersion is null)
                {
                    errors.Add("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
                }
                if (options.Continue is not null)
                {
                    errors.Add("resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden when continue is provided");
                }
                if (match is not ("Exact" or NotOlderThan))
                {
                    errors.Add($"resourceVersionMatch: Unsupported value: {GoSyntax.Quote(match)}: supported values: \"Exact\", \"{NotOlderThan}\", \"\"");
                }
                if (match == "Exact" && options.ResourceVersion == "0")
                {
                    errors.Add("resourceVersionMatch: Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
                }
            }
            if (sendInitialEvents is not null)
            {
                errors.Add("sendInitialEvents: Forbidden: sendInitialEvents is forbidden for list");
            }
        }
        if (errors.Count > 0)
        {
            var summary = errors.Count == 1 ? errors[0] : "[" + string.Join(", ", errors) + "]";
            throw new ApiException(422, "Invalid", $"ListOptions.meta.k8s.io \"\" is invalid: {summary}");
        }
        return watch ? sendInitialEvents : null;
    }
}
