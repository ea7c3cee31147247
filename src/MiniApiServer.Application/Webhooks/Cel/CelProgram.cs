namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// One compiled CEL expression (cel-go's standard library, the Kubernetes string, list, regex and quantity
/// libraries), evaluated against named variables. Compiling parses once; evaluating is a walk over closures and is
/// safe to run from several threads at a time.
/// </summary>
public sealed class CelProgram
{
    // Programs evaluated inside one another, on this thread: an ICelObject's fields are programs, and one that reaches
    // itself (a variable defined through itself) would otherwise recurse until the stack, and the process, is gone.
    private const int MaxNesting = 64;

    [ThreadStatic]
    private static int t_nesting;

    private readonly Func<CelScope, object?> _expression;

    private CelProgram(Func<CelScope, object?> expression) => _expression = expression;

    // cel-go's default ExpressionSizeCodePointLimit.
    private const int MaxCodePoints = 100_000;

    /// <summary>
    /// The expression compiled; a <see cref="CelException"/> for a syntax error, a function this evaluator lacks or, given
    /// the <paramref name="declared"/> variables, a name that is neither one of them nor a comprehension variable.
    /// </summary>
    public static CelProgram Compile(string expression, IReadOnlySet<string>? declared = null)
    {
        var size = expression.EnumerateRunes().Count();
        if (size > MaxCodePoints)
        {
            throw new CelException($"expression code point size exceeds limit: size: {size}, limit {MaxCodePoints}");
        }
        return new(CelParser.Parse(expression, declared));
    }

    /// <summary>
    /// The expression's value: null, bool, long (int), ulong (uint), double, string, a list, a map (a JSON object or
    /// one the expression built), a quantity, a timestamp, a duration, an optional or a type; a <see cref="CelException"/>
    /// when evaluation fails as it fails in CEL.
    /// </summary>
    public object? Evaluate(IReadOnlyDictionary<string, object?> variables)
    {
        if (t_nesting >= MaxNesting)
        {
            throw new CelException($"expressions nested more than {MaxNesting} deep: a variable refers to itself");
        }
        if (t_nesting == 0)
        {
            CelCost.Reset();
        }
        t_nesting++;
        try
        {
            return _expression(CelScope.Root(variables));
        }
        catch (OverflowException)
        {
            // Checked arithmetic and conversions that overflow are one CEL error wherever they happen.
            throw new CelException("return error for overflow");
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            throw new CelException("regular expression evaluation exceeded its time limit");
        }
        catch (Exception ex) when (ex is InvalidCastException or NullReferenceException or ArgumentException or FormatException or InvalidOperationException
            or IndexOutOfRangeException or KeyNotFoundException or NotSupportedException)
        {
            // A gap in this evaluator, not the expression's fault: still one CEL error, which the failure policy decides
            // on, rather than a 500 for the write.
            throw new CelException("internal error: " + ex.Message);
        }
        finally
        {
            t_nesting--;
        }
    }
}
