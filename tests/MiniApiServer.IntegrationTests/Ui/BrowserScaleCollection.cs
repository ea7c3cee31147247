namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>
/// The 5,000-node fleet test holds the page to a frame budget, so it runs alone, after every parallel collection: in
/// CI, with the other integration tests sharing the two cores, one frame's thread time rose from ~40 ms to 125 ms, the
/// load of unrelated tests and not the page's work.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserScaleCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser-scale";
}
