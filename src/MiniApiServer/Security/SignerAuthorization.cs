using MiniApiServer.Application.Certificates;
using MiniApiServer.Application.Webhooks;

namespace MiniApiServer.Security;

/// <summary>
/// plugin/pkg/admission/certificates/util.go IsAuthorizedForSignerName: the verb on the <c>signers</c> resource named
/// by the signerName, else on its domain's wildcard ("example.com/*").
/// </summary>
public static class SignerAuthorization
{
    public static Func<AdmissionUser, string, string, CancellationToken, ValueTask<bool>> For(IAuthorizer authorizer) =>
        async (user, verb, signerName, ct) =>
        {
            var info = new UserInfo(user.Username, user.Uid, user.Groups) { Extra = user.Extra };
            foreach (var name in new[] { signerName, SignerNames.Wildcard(signerName) })
            {
                var attributes = new AuthorizationAttributes(info, verb, true, "", "certificates.k8s.io", "signers", "", "", name);
                if ((await authorizer.AuthorizeAsync(attributes, ct).ConfigureAwait(false)).Allowed)
                {
                    return true;
                }
            }
            return false;
        };
}
