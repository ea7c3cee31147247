using Microsoft.AspNetCore.Http;
using MiniApiServer.Security;

namespace MiniApiServer.UnitTests.Security;

/// <summary>Request attributes as upstream's requestinfo_test.go derives them from method, path and query.</summary>
public sealed class RequestAttributesTests
{
    private static readonly UserInfo Alice = new("alice", "", []);

    [Theory]
    [InlineData("GET", "/api/v1/namespaces/team/pods", "", "list", "", "pods", "", "team", "")]
    [InlineData("GET", "/api/v1/namespaces/team/pods", "?watch=true", "watch", "", "pods", "", "team", "")]
    [InlineData("GET", "/api/v1/namespaces/team/pods", "?watch=1&fieldSelector=metadata.name%3Dweb", "watch", "", "pods", "", "team", "web")]
    [InlineData("GET", "/api/v1/pods", "", "list", "", "pods", "", "", "")]
    [InlineData("DELETE", "/apis/apps/v1/namespaces/team/daemonsets", "", "deletecollection", "apps", "daemonsets", "", "team", "")]
    [InlineData("PATCH", "/apis/apps/v1/namespaces/team/daemonsets/ds/status", "", "patch", "apps", "daemonsets", "status", "team", "ds")]
    [InlineData("GET", "/api/v1/namespaces/team", "", "get", "", "namespaces", "", "team", "team")]
    [InlineData("PUT", "/api/v1/namespaces/team/finalize", "", "update", "", "namespaces", "finalize", "team", "team")]
    [InlineData("POST", "/api/v1/namespaces/team/serviceaccounts/robot/token", "", "create", "", "serviceaccounts", "token", "team", "robot")]
    [InlineData("GET", "/api/v1/watch/namespaces/team/pods/web", "", "watch", "", "pods", "", "team", "web")]
    [InlineData("POST", "/apis/widgets.example.com/v1/widgets", "", "create", "widgets.example.com", "widgets", "", "", "")]
    public void ResourceRequests(string method, string path, string query, string verb, string group, string resource, string sub, string ns, string name)
    {
        var a = RequestAttributes.From(Request(method, path, query), Alice);
        Assert.True(a.IsResourceRequest);
        Assert.Equal((verb, group, resource, sub, ns, name), (a.Verb, a.ApiGroup, a.Resource, a.Subresource, a.Namespace, a.Name));
    }

    [Theory]
    [InlineData("GET", "/api", "get")]
    [InlineData("GET", "/api/v1", "get")]
    [InlineData("GET", "/apis/apps/v1", "get")]
    [InlineData("GET", "/openapi/v3", "get")]
    [InlineData("POST", "/metrics", "post")]
    public void NonResourceRequests_UseTheLowercasedMethod(string method, string path, string verb)
    {
        var a = RequestAttributes.From(Request(method, path, ""), Alice);
        Assert.False(a.IsResourceRequest);
        Assert.Equal((verb, path), (a.Verb, a.Path));
    }

    private static HttpRequest Request(string method, string path, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        return context.Request;
    }
}
