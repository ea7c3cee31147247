namespace MiniApiServer.Application.Tables;

/// <summary>helper.GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once.</summary>
internal static class AccessModeText
{
    private static readonly (string Mode, string Short)[] ShortNames =
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")];

    public static string Of(IEnumerable<string> modes)
    {
        var set = modes.ToHashSet(StringComparer.Ordinal);
        return string.Join(",", ShortNames.Where(s => set.Contains(s.Mode)).Select(s => s.Short));
    }
}
