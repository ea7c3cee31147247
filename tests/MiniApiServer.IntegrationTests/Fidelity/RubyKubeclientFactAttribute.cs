namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>A fact that runs a script with Debian's ruby-kubeclient; .ci/run installs it, elsewhere the test is skipped with the reason.</summary>
public sealed class RubyKubeclientFactAttribute : FactAttribute
{
    public const string Ruby = "/usr/bin/ruby";

    public RubyKubeclientFactAttribute()
    {
        if (!File.Exists(Ruby) || !Directory.Exists("/usr/share/rubygems-integration/all/gems") ||
            !Directory.EnumerateDirectories("/usr/share/rubygems-integration/all/gems", "kubeclient-*").Any())
        {
            Skip = "ruby-kubeclient not installed (apt-get install ruby-kubeclient; .ci/run does this)";
        }
    }
}
