namespace MiniApiServer.Benchmarks.Infrastructure;

public static class Executables
{
    /// <summary>The first file of that name on PATH, or null: the scenarios that need one skip it and say so.</summary>
    public static string? Find(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':').Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
}
