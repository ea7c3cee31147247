using MiniApiServer.Application.Webhooks.Cel;

namespace MiniApiServer.UnitTests.Webhooks.Cel;

/// <summary>
/// Evaluates an expression and writes its value as a CEL literal with the kind visible, so an oracle tells an int
/// from a double ("3" vs "3.0d"), a uint ("3u") and a string ("\"3\"").
/// </summary>
internal static class CelTestValues
{
    private static readonly IReadOnlyDictionary<string, object?> NoVariables = new Dictionary<string, object?>();

    public static object? Evaluate(string expression, IReadOnlyDictionary<string, object?>? variables = null) =>
        CelProgram.Compile(expression).Evaluate(variables ?? NoVariables);

    public static string Show(object? value) => value switch
    {
        string s => CelConvert.Format(new List<object?> { s })[1..^1],
        double d => CelConvert.Format(d) + "d",
        _ => CelConvert.Format(value),
    };

    public static string Error(string expression, IReadOnlyDictionary<string, object?>? variables = null) =>
        Assert.Throws<CelException>(() => Evaluate(expression, variables)).Message;
}
