namespace MiniApiServer.IntegrationTests.Ui;

/// <summary>Fleet page tests share one browser and run one after another (the 5,000-node test has its own collection).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
