using System.Diagnostics;
using MiniApiServer.IntegrationTests.Infrastructure;

namespace MiniApiServer.IntegrationTests.Fidelity;

/// <summary>ruby-kubeclient 4.9 watches only through the deprecated /watch/ paths; its watch_* calls must stream events.</summary>
public sealed class RubyKubeclientTests : ServerTest
{
    private const string Script = """
        require 'kubeclient'
        client = Kubeclient::Client.new(ARGV[0] + '/api', 'v1')
        created = client.create_config_map(Kubeclient::Resource.new(metadata: { name: 'from-ruby', namespace: 'default' }, data: { 'k' => 'v' }))
        rv = created.metadata.resourceVersion
        # kubeclient 4.9 sends no timeoutSeconds, so each watch is ended from here after its first event.
        watcher = client.watch_config_maps(namespace: 'default', field_selector: 'metadata.name=from-ruby')
        watcher.each do |notice|
          puts "collection #{notice.type} #{notice.object.metadata.name}"
          watcher.finish
        end
        client.patch_config_map('from-ruby', { data: { 'k' => 'changed' } }, 'default')
        watcher = client.watch_config_maps(namespace: 'default', name: 'from-ruby', resource_version: rv)
        watcher.each do |notice|
          puts "single #{notice.type} #{notice.object.metadata.name} #{notice.object.data.k}"
          watcher.finish
        end
        """;

    protected override ApiServerHost StartServer() => ApiServerHost.Start();

    [RubyKubeclientFact]
    public async Task WatchConfigMaps_CollectionAndSingleName_StreamEvents()
    {
        var dir = Directory.CreateTempSubdirectory("kubeclient-");
        var script = Path.Combine(dir.FullName, "watch.rb");
        await File.WriteAllTextAsync(script, Script);
        var psi = new ProcessStartInfo(RubyKubeclientFactAttribute.Ruby, [script, Server.BaseAddress.ToString().TrimEnd('/')])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        await process.WaitForExitAsync(cts.Token);
        Assert.True(process.ExitCode == 0, $"ruby exited {process.ExitCode}: {await stderr}");
        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["collection ADDED from-ruby", "single MODIFIED from-ruby changed"], lines);
        dir.Delete(recursive: true);
    }
}
