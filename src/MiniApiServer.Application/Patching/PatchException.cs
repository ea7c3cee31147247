namespace MiniApiServer.Application.Patching;

public sealed class PatchException(string message) : Exception(message);
