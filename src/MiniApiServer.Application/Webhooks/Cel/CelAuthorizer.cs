namespace MiniApiServer.Application.Webhooks.Cel;

/// <summary>
/// The `authorizer` variable (k8s.io/apiserver/pkg/cel/library/authz.go): checks built from path(), group().resource()
/// or serviceAccount() and asked of the server's authorizer as the request's user, and `authorizer.requestResource`,
/// the request's own resource. A check reaches the authorizer only when an expression calls check().
/// </summary>
public sealed class CelAuthorizer(AdmissionUser user, Func<AdmissionUser, CelAccessCheck, CelDecision> authorize, CelAccessCheck? requestResource)
    : ICelReceiver, ICelObject
{
    private static readonly CelDecision AlwaysAllow = new(true, "", null);

    public string TypeName => "kubernetes.authorization.Authorizer";

    /// <summary>
    /// The variable for one admission request: its user, and its resource as requestResource (the version is not kept:
    /// this server's authorizer, like RBAC, does not read one). Without an authorizer every check is allowed, as under
    /// AlwaysAllow.
    /// </summary>
    public static CelAuthorizer For(AdmissionAttributes attrs, Func<AdmissionUser, CelAccessCheck, CelDecision>? authorize) =>
        new(attrs.User, authorize ?? ((_, _) => AlwaysAllow),
            new CelAccessCheck("", true, "", attrs.Type.Group, attrs.Type.Plural, attrs.Subresource ?? "", attrs.Namespace, attrs.Name));

    public bool TryGetField(string name, out object? value)
    {
        value = name == "requestResource" && requestResource is not null ? new ResourceCheck(this, requestResource) : null;
        return value is not null;
    }

    public object? Call(string name, object?[] args) => (name, args) switch
    {
        ("path", [string path]) => new PathCheck(this, path),
        ("group", [string group]) => new GroupCheck(this, group),
        // authz.go's serviceAccount: the service account's user as serviceaccount.UserInfo names it.
        ("serviceAccount", [string ns, string sa]) => new CelAuthorizer(
            new AdmissionUser($"system:serviceaccount:{ns}:{sa}", "", ["system:serviceaccounts", $"system:serviceaccounts:{ns}"], new Dictionary<string, IReadOnlyList<string>>()),
            authorize, requestResource),
        _ => throw CelMethods.NoOverload(name, this, args),
    };

    private CelDecision Check(CelAccessCheck check) => authorize(user, check);

    private sealed record PathCheck(CelAuthorizer Authorizer, string Path) : ICelReceiver
    {
        public string TypeName => "kubernetes.authorization.PathCheck";

        public object? Call(string name, object?[] args) => (name, args) switch
        {
            ("check", [string verb]) => Authorizer.Check(new(verb, false, Path, "", "", "", "", "")),
            _ => throw CelMethods.NoOverload(name, this, args),
        };
    }

    private sealed record GroupCheck(CelAuthorizer Authorizer, string Group) : ICelReceiver
    {
        public string TypeName => "kubernetes.authorization.GroupCheck";

        public object? Call(string name, object?[] args) => (name, args) switch
        {
            ("resource", [string resource]) => new ResourceCheck(Authorizer, new("", true, "", Group, resource, "", "", "")),
            _ => throw CelMethods.NoOverload(name, this, args),
        };
    }

    private sealed record ResourceCheck(CelAuthorizer Authorizer, CelAccessCheck Access) : ICelReceiver
    {
        public string TypeName => "kubernetes.authorization.ResourceCheck";

        public object? Call(string name, object?[] args) => (name, args) switch
        {
            ("subresource", [string subresource]) => this with { Access = Access with { Subresource = subresource } },
            ("namespace", [string ns]) => this with { Access = Access with { Namespace = ns } },
            ("name", [string objectName]) => this with { Access = Access with { Name = objectName } },
            // authz.go's selector checks (AuthorizeWithSelectors, on in 1.32): carried to the authorizer, which RBAC
            // answers without reading them.
            ("fieldSelector", [string _]) or ("labelSelector", [string _]) => this,
            ("check", [string verb]) => Authorizer.Check(Access with { Verb = verb }),
            _ => throw CelMethods.NoOverload(name, this, args),
        };
    }
}
