using System.Text.Json.Nodes;
using MiniApiServer.Application.Objects;

namespace MiniApiServer.Application.Kinds;

/// <summary>rest.RESTGracefulDeleteStrategy CheckGracefulDelete: how long the object may take to go; 0 deletes at once.</summary>
public interface IGracefulDeleteStrategy
{
    long GracePeriodSeconds(JsonObject obj, DeleteOptions options);
}
