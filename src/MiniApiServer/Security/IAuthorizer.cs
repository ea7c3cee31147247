namespace MiniApiServer.Security;

/// <summary>The authorization seam; RBAC can replace the built-in policy behind it.</summary>
public interface IAuthorizer
{
    bool Authorize(AuthorizationAttributes attributes);
}
