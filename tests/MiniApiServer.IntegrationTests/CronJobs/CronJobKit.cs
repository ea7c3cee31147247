using System.Text.Json.Nodes;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.CronJobs;

/// <summary>CronJobs as the tests write them over HTTP, and the reads they assert on.</summary>
internal static class CronJobKit
{
    public const string Collection = "/apis/batch/v1/namespaces/default/cronjobs";
    public const string Jobs = "/apis/batch/v1/namespaces/default/jobs";

    /// <summary>
    /// The server has no fake clock, so a due schedule is a real minute boundary: "* * * * *" is due at most 60 s after
    /// creation, and a poll waits 120 s for it (a loaded CI machine may be slow to reach it).
    /// </summary>
    public static readonly TimeSpan NextMinute = TimeSpan.FromSeconds(120);

    /// <summary>Short simulated run time, so a Job finishes within a test.</summary>
    public static ApiServerHost StartServer() => ApiServerHost.Start(nodes: 2, settings: new Dictionary<string, string>
    {
        ["Controllers:SimulatedJobRunTime"] = "00:00:00.500",
        ["Controllers:SimulatedReadyDelay"] = "00:00:00.100",
    });

    /// <summary>A CronJob manifest; <paramref name="extraSpec"/> adds fields to the minimal valid spec.</summary>
    public static string CronJob(string name, string schedule = "* * * * *", string extraSpec = "", string podAnnotations = "{}")
    {
        var podSpec = """{"restartPolicy":"OnFailure","containers":[{"name":"main","image":"busybox:1.36"}]}""";
        var jobTemplate = "{\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{\"template\":{\"metadata\":{\"annotations\":" + podAnnotations
            + "},\"spec\":" + podSpec + "}}}";
        return "{\"apiVersion\":\"batch/v1\",\"kind\":\"CronJob\",\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{\"schedule\":\"" + schedule + "\""
            + extraSpec + ",\"jobTemplate\":" + jobTemplate + "}}";
    }

    public static async Task<JsonObject> CronJobAsync(HttpClient http, string name) =>
        (await http.GetJsonAsync($"{Collection}/{name}"))!;

    /// <summary>The Jobs controlled by the CronJob with <paramref name="uid"/>.</summary>
    public static async Task<List<JsonObject>> JobsOfAsync(HttpClient http, string uid)
    {
        var list = (await http.GetJsonAsync(Jobs))!;
        return [.. list["items"]!.AsArray().Select(j => j!.AsObject())
            .Where(j => j["metadata"]!["ownerReferences"]?.AsArray().Any(o => o!["uid"]!.GetValue<string>() == uid && o["controller"]?.GetValue<bool>() == true) == true)];
    }

    public static async Task<List<(string Reason, string Message)>> EventsOfAsync(HttpClient http, string name)
    {
        var list = (await http.GetJsonAsync($"/api/v1/namespaces/default/events?fieldSelector=involvedObject.name={name}"))!;
        return [.. list["items"]!.AsArray().Select(e => (e.Str("reason") ?? "", e.Str("message") ?? ""))];
    }
}
