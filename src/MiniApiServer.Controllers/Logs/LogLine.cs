namespace MiniApiServer.Controllers.Logs;

/// <summary>One line a simulated container wrote, at the time it wrote it.</summary>
public readonly record struct LogLine(DateTimeOffset Time, string Text);
