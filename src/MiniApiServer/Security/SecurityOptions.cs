namespace MiniApiServer.Security;

/// <summary>kube-apiserver's authentication and serving flags, read from configuration by their flag names.</summary>
public sealed class SecurityOptions
{
    public const string DefaultTlsUrl = "https://127.0.0.1:6443";
    public const string TokensFileName = "tokens.csv";

    /// <summary>--token-auth-file: CSV of token,user,uid,"group1,group2".</summary>
    public string? TokenAuthFile { get; set; }

    /// <summary>--client-ca-file: PEM bundle that client certificates must chain to.</summary>
    public string? ClientCaFile { get; set; }

    /// <summary>--tls-cert-file and --tls-private-key-file: PEM serving certificate and key.</summary>
    public string? TlsCertFile { get; set; }

    public string? TlsPrivateKeyFile { get; set; }

    /// <summary>--tls-self-signed: generate (once) a CA and serving certificate next to the database.</summary>
    public bool TlsSelfSigned { get; set; }

    /// <summary>--root-ca-file (kube-controller-manager's flag): the bundle every namespace's kube-root-ca.crt holds.</summary>
    public string? RootCaFile { get; set; }

    /// <summary>--authorization-mode: RBAC (the default with authentication) or AlwaysAllow (the default without).</summary>
    public string AuthorizationMode { get; set; } = AlwaysAllowMode;

    public const string RbacMode = "RBAC";
    public const string AlwaysAllowMode = "AlwaysAllow";

    public bool RbacEnabled => AuthorizationMode == RbacMode;

    public bool AuthenticationEnabled => TokenAuthFile is not null || ClientCaFile is not null;

    public bool TlsEnabled => TlsSelfSigned || TlsCertFile is not null;

    public static SecurityOptions From(IConfiguration config, string databasePath)
    {
        var options = new SecurityOptions
        {
            TokenAuthFile = NullIfEmpty(config["token-auth-file"]),
            ClientCaFile = NullIfEmpty(config["client-ca-file"]),
            TlsCertFile = NullIfEmpty(config["tls-cert-file"]),
            TlsPrivateKeyFile = NullIfEmpty(config["tls-private-key-file"]),
            TlsSelfSigned = config["tls-self-signed"] is { } s && (s.Length == 0 || bool.Parse(s)),
            RootCaFile = NullIfEmpty(config["root-ca-file"]),
        };
        if (options.TlsCertFile is null != (options.TlsPrivateKeyFile is null))
        {
            throw new InvalidOperationException("--tls-cert-file and --tls-private-key-file must be given together");
        }
        if (options.TlsSelfSigned && options.TokenAuthFile is null)
        {
            // The self-signed setup is meant to be secure by default: it comes with an admin token.
            options.TokenAuthFile = Path.Combine(DataDirectory(databasePath), TokensFileName);
        }
        options.AuthorizationMode = NullIfEmpty(config["authorization-mode"]) switch
        {
            null => options.AuthenticationEnabled ? RbacMode : AlwaysAllowMode,
            RbacMode => RbacMode,
            AlwaysAllowMode => AlwaysAllowMode,
            var other => throw new ArgumentException($"--authorization-mode {other} is not supported (supported: {RbacMode}, {AlwaysAllowMode})"),
        };
        return options;
    }

    public static string DataDirectory(string databasePath) => Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".";

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
