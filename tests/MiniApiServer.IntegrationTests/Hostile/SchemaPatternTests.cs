using System.Net;
using MiniApiServer.IntegrationTests.CustomResources;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Hostile;

/// <summary>
/// A CRD's pattern is matched as kube-openapi matches it (pkg/validation/validate/validator.go's stringValidator, with
/// Go's regexp: RE2, linear in the string). .NET's backtracking engine ran ^(a+)+$ on "aaa…a!" into its time limit and
/// then let the string through, so the object that upstream refuses was stored, after 200 ms of CPU per such string.
/// </summary>
public sealed class SchemaPatternTests : ServerTest
{
    private const string Widgets = "/apis/redos.example.com/v1/namespaces/default/widgets";

    private static readonly string Crd = CrdKit.SingleVersionCrd("redos.example.com", "widgets", "Widget",
        """{"type":"object","properties":{"name":{"type":"string","pattern":"^(a+)+$"},"names":{"type":"array","items":{"type":"string","pattern":"^(a+)+$"}}}}""");

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [Fact]
    public async Task AStringThatBacktrackingCannotDecide_IsRefusedAsRe2RefusesIt()
    {
        await CrdKit.InstallAsync(Server.Http, Crd, "redos.example.com/v1");
        var value = new string('a', 40) + "!";

        var message = await Server.Http.InvalidMessageAsync(HttpMethod.Post, Widgets,
            $$$"""{"apiVersion":"redos.example.com/v1","kind":"Widget","metadata":{"name":"w"},"spec":{"name":"{{{value}}}"}}""");

        Assert.Equal($"Widget.redos.example.com \"w\" is invalid: spec.name: Invalid value: \"{value}\": spec.name in body should match '^(a+)+$'", message);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Http.GetAsync($"{Widgets}/w")).StatusCode);
    }

    [Fact]
    public async Task ManySuchStrings_AreCheckedInLinearTime()
    {
        await CrdKit.InstallAsync(Server.Http, Crd, "redos.example.com/v1");
        // 2,000 strings: at the old engine's 200 ms each, this request took more than six minutes.
        var names = string.Join(",", Enumerable.Repeat($"\"{new string('a', 30)}!\"", 2000));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (code, _) = await Server.Http.SendJsonAsync(HttpMethod.Post, Widgets,
            $$$"""{"apiVersion":"redos.example.com/v1","kind":"Widget","metadata":{"name":"many"},"spec":{"names":[{{{names}}}]}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, code);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), $"took {started.Elapsed}");
    }
}
