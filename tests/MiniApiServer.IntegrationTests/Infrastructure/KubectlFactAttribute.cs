namespace MiniApiServer.IntegrationTests.Infrastructure;

/// <summary>A fact that needs the real kubectl; skipped with a clear message where it is not installed.</summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    public KubectlFactAttribute()
    {
        if (!File.Exists(KubectlRunner.Path))
        {
            Skip = $"kubectl not found at {KubectlRunner.Path}; install it to run the kubectl compatibility tests";
        }
    }
}
