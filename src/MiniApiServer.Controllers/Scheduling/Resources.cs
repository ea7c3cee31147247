namespace MiniApiServer.Controllers.Scheduling;

/// <summary>The resources the default profile looks at: cpu in millicores, memory in bytes (framework.Resource).</summary>
public readonly record struct Resources(long MilliCpu, long Memory)
{
    public static Resources operator +(Resources a, Resources b) => new(a.MilliCpu + b.MilliCpu, a.Memory + b.Memory);

    public static Resources Max(Resources a, Resources b) => new(Math.Max(a.MilliCpu, b.MilliCpu), Math.Max(a.Memory, b.Memory));
}
