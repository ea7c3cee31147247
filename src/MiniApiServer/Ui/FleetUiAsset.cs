namespace MiniApiServer.Ui;

/// <summary>One embedded file of the fleet page.</summary>
public sealed record FleetUiAsset(byte[] Content, string ContentType, string ETag);
