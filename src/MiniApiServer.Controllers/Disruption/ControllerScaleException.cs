namespace MiniApiServer.Controllers.Disruption;

/// <summary>The expected pod count cannot be known (no controller, an unknown kind, no scale subresource): the budget fails safe.</summary>
public sealed class ControllerScaleException(string message) : Exception(message);
